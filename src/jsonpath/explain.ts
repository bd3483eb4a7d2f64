/**
 * Why a route does not match an event. A Pacifica route is a root filter
 * `$[?( clause and clause and … )]`; this evaluates the top-level clauses one
 * by one and, for a false clause, says in words what the event lacks — most
 * specifically for the SOP shapes: `$["eventType"] = "…"`, existence tests,
 * `not …`, and `$["data"][*][?( … )]` sub-filters over TransactionKeyValue
 * or Files items.
 */
import type { Expression, JsonPath, Operand, PathNode, Step } from './ast.js';
import { toJson } from './dumps.js';
import { EvaluationFault } from './errors.js';
import { matchNode } from './evaluate.js';
import { printExpression, printLocation, printOperand, printPath } from './print.js';
import { isObject, type JsonValue, objectGet, valueAtKey } from './value.js';
import { evaluateExpression } from './values.js';

/** The verdict on one top-level clause of a root filter. */
export interface ClauseExplanation {
  /** 1-based position among the top-level `and` clauses. */
  readonly index: number;
  /** The clause in upstream's printed form. */
  readonly text: string;
  readonly holds: boolean | 'error';
  /** Why the clause is false (or the error), in words; absent when it holds. */
  readonly reason?: string;
}

/** The top-level `and` clauses of a root filter `$[?(…)]`, or undefined for any other path shape. */
export function rootFilterClauses(path: JsonPath): readonly Expression[] | undefined {
  const step = path.root.next;
  if (step.kind !== 'subscript' || step.next.kind !== 'terminal' || step.subscripts.length !== 1) return undefined;
  const only = step.subscripts[0];
  if (only?.kind !== 'filter') return undefined;
  return only.expression.kind === 'and' ? only.expression.operands : [only.expression];
}

/**
 * Evaluates each top-level clause of a root filter against a document and
 * explains the false ones. Cheap enough for every fixture event; returns
 * undefined when the path is not a root filter.
 */
export function explainClauses(path: JsonPath, doc: JsonValue): ClauseExplanation[] | undefined {
  const clauses = rootFilterClauses(path);
  if (!clauses) return undefined;
  return clauses.map((clause, i) => {
    const text = printExpression(clause);
    try {
      if (evaluateExpression(clause, doc, doc)) return { index: i + 1, text, holds: true };
      return { index: i + 1, text, holds: false, reason: safeWhyFalse(clause, doc, text) };
    } catch (error) {
      if (!(error instanceof EvaluationFault)) throw error;
      return { index: i + 1, text, holds: 'error', reason: `raises ${error.pythonType}: ${error.pythonMessage}` };
    }
  });
}

// Explaining re-evaluates parts on their own, which can reach an error the verdict short-circuited past.
function safeWhyFalse(clause: Expression, doc: JsonValue, text: string): string {
  try {
    return whyFalse(clause, doc, doc);
  } catch (error) {
    if (error instanceof EvaluationFault) return `${text} is false`;
    throw error;
  }
}

const show = (value: JsonValue): string => {
  const text = toJson(value, { python: true });
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const listValues = (values: readonly JsonValue[]): string =>
  values.length === 1
    ? `is ${show(values[0] as JsonValue)}`
    : `has values ${values.slice(0, 4).map(show).join(', ')}${values.length > 4 ? ', …' : ''}`;

function valuesOf(
  path: PathNode,
  root: JsonValue,
  current: JsonValue,
  limit = 1000,
): { value: JsonValue; where: string }[] {
  const out: { value: JsonValue; where: string }[] = [];
  for (const match of matchNode(path, root, current)) {
    out.push({
      value: match.value,
      where: printLocation(match.location).replace(/^\$/, path.kind === 'root' ? '$' : '@'),
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** Why an expression is false for `@` = current. */
export function whyFalse(expression: Expression, root: JsonValue, current: JsonValue): string {
  switch (expression.kind) {
    case 'some':
      return expression.operand.kind === 'literal'
        ? `${show(expression.operand.value)} is false in Python`
        : whyNoMatch(expression.operand, root, current);
    case 'binary':
      return whyComparisonFalse(expression.op, expression.left, expression.right, root, current);
    case 'not':
      return whyNotFalse(expression.operand, root, current);
    case 'and': {
      const failing = expression.operands.find((operand) => !evaluateExpression(operand, root, current));
      return failing ? whyFalse(failing, root, current) : `${printExpression(expression)} is false`;
    }
    case 'or':
      return `none of the alternatives holds: ${expression.operands.map((operand) => `${printExpression(operand)}: ${whyFalse(operand, root, current)}`).join('; ')}`;
  }
}

function whyNotFalse(inner: Expression, root: JsonValue, current: JsonValue): string {
  if (inner.kind === 'some' && inner.operand.kind !== 'literal') {
    const found = valuesOf(inner.operand, root, current, 1)[0];
    return found ? `${found.where} exists (it is ${show(found.value)})` : `${printOperand(inner.operand)} exists`;
  }
  return `${printExpression(inner)} holds`;
}

function whyComparisonFalse(op: string, left: Operand, right: Operand, root: JsonValue, current: JsonValue): string {
  const [path, literal, pathOnLeft] =
    left.kind !== 'literal'
      ? [left, right, true]
      : right.kind !== 'literal'
        ? [right, left, false]
        : [undefined, undefined, true];
  if (!path || !literal || literal.kind !== 'literal')
    return `${printOperand(left)} ${op} ${printOperand(right)} is false`;
  const values = valuesOf(path, root, current);
  if (values.length === 0) return whyNoMatch(path, root, current);
  const actual = `${printOperand(path)} ${listValues(values.map((v) => v.value))}`;
  if (op === '=') return `${actual}, not ${show(literal.value)}`;
  if (op === 'contains' && pathOnLeft)
    return `${actual}, ${values.length === 1 ? 'which does not contain' : 'none of which contains'} ${show(literal.value)}`;
  return pathOnLeft
    ? `${actual}, which is not ${op} ${show(literal.value)}`
    : `${actual}, and ${show(literal.value)} ${op} it is false`;
}

/** Why a path matches nothing: the first prefix that comes up empty, or the sub-filter no item passes. */
function whyNoMatch(path: PathNode, root: JsonValue, current: JsonValue): string {
  const steps = chain(path.next);
  if (!steps) return `${printPath(path)} matches nothing`;
  for (let length = 1; length <= steps.length; length++) {
    const prefix = rebuild(path, steps.slice(0, length));
    if (valuesOf(prefix, root, current, 1).length > 0) continue;
    const last = steps[length - 1];
    const before = rebuild(path, steps.slice(0, length - 1));
    const filter =
      last?.subscripts.length === 1 && last.subscripts[0]?.kind === 'filter'
        ? last.subscripts[0].expression
        : undefined;
    if (filter) return explainSubFilter(before, filter, root, current);
    const single = last?.subscripts.length === 1 && last.subscripts[0]?.kind === 'key';
    if (single) {
      const parents = valuesOf(before, root, current, 1);
      return length === 1 || parents.length === 0
        ? `${printPath(prefix)} does not exist`
        : `${printPath(prefix)} does not exist (${printPath(before)} ${listValues(parents.map((p) => p.value))})`;
    }
    return `${printPath(prefix)} matches nothing`;
  }
  return `${printPath(path)} matches nothing`;
}

type SubscriptChain = Extract<Step, { kind: 'subscript' }>[];

/** The steps of a path without recursive descent, or undefined. */
function chain(step: Step): SubscriptChain | undefined {
  const out: SubscriptChain = [];
  for (let at = step; at.kind !== 'terminal'; ) {
    if (at.kind !== 'subscript') return undefined;
    out.push(at);
    at = at.next;
  }
  return out;
}

function rebuild(path: PathNode, steps: SubscriptChain): PathNode {
  let next: Step = { kind: 'terminal' };
  for (let i = steps.length - 1; i >= 0; i--)
    next = { kind: 'subscript', subscripts: (steps[i] as SubscriptChain[number]).subscripts, next };
  return { kind: path.kind, next };
}

/** `$["data"][*][?( … )]` with no passing item: which condition each candidate item fails. */
function explainSubFilter(items: PathNode, filter: Expression, root: JsonValue, current: JsonValue): string {
  const candidates = valuesOf(items, root, current, 100_000);
  const clauses = filter.kind === 'and' ? filter.operands : [filter];
  const discriminator = clauses.find(isTableTest);
  const rest = clauses.filter((clause) => clause !== discriminator);
  if (candidates.length === 0) return `${printPath(items)} matches nothing`;
  if (discriminator && discriminator.kind === 'binary' && discriminator.right.kind === 'literal') {
    const table = String(discriminator.right.value);
    const ofTable = candidates.filter((item) => evaluateExpression(discriminator, root, item.value));
    if (ofTable.length === 0) {
      const tables = [
        ...new Set(candidates.map((item) => tableOf(item.value)).filter((t): t is string => t !== undefined)),
      ];
      return `found no ${table} item in ${printPath(items)} (destinationTable values: ${
        tables
          .slice(0, 6)
          .map((t) => JSON.stringify(t))
          .join(', ') || 'none'
      })`;
    }
    const wanted = rest.map(describeCondition).join(' and ');
    const details = ofTable.slice(0, 3).map((item) => `${item.where} ${itemMismatch(rest, root, item.value)}`);
    return `found no ${table} with ${wanted} (${details.join('; ')}${ofTable.length > 3 ? `; and ${ofTable.length - 3} more` : ''})`;
  }
  const byClause = new Map<string, number>();
  for (const item of candidates) {
    const failing = clauses.find((clause) => !evaluateExpression(clause, root, item.value));
    const key = failing ? printExpression(failing) : printExpression(filter);
    byClause.set(key, (byClause.get(key) ?? 0) + 1);
  }
  const summary = [...byClause].map(
    ([clause, count]) => `${count} ${count === 1 ? 'item fails' : 'items fail'} ${clause}`,
  );
  return `no item of ${printPath(items)} passes the filter (${summary.join('; ')})`;
}

/** `@["destinationTable"] = "…"`: the clause that picks the kind of data item. */
function isTableTest(clause: Expression): boolean {
  return (
    clause.kind === 'binary' &&
    clause.op === '=' &&
    clause.right.kind === 'literal' &&
    typeof clause.right.value === 'string' &&
    keyOf(clause.left) === 'destinationTable'
  );
}

function tableOf(item: JsonValue): string | undefined {
  const table = valueAtKey(item, 'destinationTable');
  return typeof table === 'string' ? table : undefined;
}

/** The key of a one-step current path `@["k"]`, else undefined. */
function keyOf(operand: Operand): string | undefined {
  if (operand.kind !== 'current' || operand.next.kind !== 'subscript' || operand.next.next.kind !== 'terminal')
    return undefined;
  const only = operand.next.subscripts.length === 1 ? operand.next.subscripts[0] : undefined;
  return only?.kind === 'key' ? only.key : undefined;
}

/** `@["key"] = "x"` → `key "x"`; anything else in printed form. */
function describeCondition(clause: Expression): string {
  if (clause.kind === 'binary' && clause.op === '=' && clause.right.kind === 'literal') {
    const key = keyOf(clause.left);
    if (key !== undefined) return `${key} ${show(clause.right.value)}`;
  }
  if (clause.kind === 'some' && clause.operand.kind !== 'literal' && keyOf(clause.operand) !== undefined)
    return `a "${keyOf(clause.operand)}"`;
  return `(${printExpression(clause)})`;
}

/** What one item has instead, for each condition it fails: `has key "example-key"`, `has no subdir`. */
function itemMismatch(conditions: readonly Expression[], root: JsonValue, item: JsonValue): string {
  const failing = conditions.filter((clause) => !evaluateExpression(clause, root, item));
  if (failing.length === 0) return 'passes them all';
  const parts = failing.map((clause) => {
    const operand = clause.kind === 'binary' ? clause.left : clause.kind === 'some' ? clause.operand : undefined;
    const key = operand ? keyOf(operand) : undefined;
    if (key === undefined || !isObject(item)) return `something failing ${printExpression(clause)}`;
    const value = objectGet(item, key);
    return value !== undefined ? `${key} ${show(value)}` : `no ${key}`;
  });
  return `has ${parts.join(' and ')}`;
}
