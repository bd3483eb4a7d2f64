/**
 * Upstream's two text forms (SPEC §8): `str(path)` for a parsed path, and
 * `node.tojsonpath()` for the concrete location of a match. Both use bracket
 * notation only, Python `json.dumps` for keys and literals (ASCII escapes,
 * Python float repr), and the minimal parentheses upstream prints.
 */
import type { Expression, JsonPath, Operand, PathNode, Step, Subscript } from './ast.js';
import { pyDumps } from './dumps.js';
import type { JsonValue, PyInt } from './value.js';

/** Upstream `str(Path)`: the canonical one-line text of a path (or of a sub-path / expression). */
export function printPath(path: JsonPath | PathNode): string {
  return printNode('root' in path ? path.root : path);
}

function printNode(node: PathNode): string {
  return (node.kind === 'root' ? '$' : '@') + printStep(node.next);
}

function printStep(step: Step): string {
  switch (step.kind) {
    case 'terminal':
      return '';
    case 'descent':
      return `..${printStep(step.inner)}`;
    case 'subscript':
      return `[${step.subscripts.map(printSubscript).join(',')}]${printStep(step.next)}`;
  }
}

function printSubscript(subscript: Subscript): string {
  switch (subscript.kind) {
    case 'key':
      return pyDumps(subscript.key);
    case 'index':
      return String(subscript.index);
    case 'slice': {
      const { start, end, step } = subscript;
      return `${start ?? ''}:${end ?? ''}${step === undefined ? '' : `:${step}`}`;
    }
    case 'wildcard':
      return '*';
    case 'filter':
      return `?(${printExpression(subscript.expression)})`;
    case 'node':
      return printNode(subscript.path);
    case 'call':
      return `${subscript.name}(${subscript.args.map(printOperand).join(',')})`;
  }
}

/** An operand: a path as a path, a literal as Python JSON text. */
export function printOperand(operand: Operand): string {
  return operand.kind === 'literal' ? pyDumps(operand.value) : printNode(operand);
}

/** Upstream's expression text: `not`/`and`/`or` operands parenthesised only when they are and/or (or not under not). */
export function printExpression(expression: Expression): string {
  switch (expression.kind) {
    case 'binary':
      return `${printOperand(expression.left)} ${expression.op} ${printOperand(expression.right)}`;
    case 'some':
      return printOperand(expression.operand);
    case 'not': {
      const inner = expression.operand;
      const wrap = inner.kind === 'not' || inner.kind === 'and' || inner.kind === 'or';
      return `not ${wrap ? `(${printExpression(inner)})` : printExpression(inner)}`;
    }
    case 'and':
    case 'or':
      return expression.operands
        .map((operand) =>
          operand.kind === 'and' || operand.kind === 'or' ? `(${printExpression(operand)})` : printExpression(operand),
        )
        .join(` ${expression.kind} `);
  }
}

/** One step of a concrete match location. */
export type LocationStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: PyInt | boolean }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly JsonValue[] };

/** A concrete location as a linked list from the match back to the root (cheap to extend). */
export interface Location {
  readonly parent: Location | undefined;
  readonly step: LocationStep;
}

/** Upstream `match.node.tojsonpath()`: `$` followed by the concrete steps. */
export function printLocation(location: Location | undefined): string {
  const parts: string[] = [];
  for (let at = location; at; at = at.parent) parts.push(printLocationStep(at.step));
  return `$${parts.reverse().join('')}`;
}

function printLocationStep(step: LocationStep): string {
  switch (step.kind) {
    case 'key':
      return `[${pyDumps(step.key)}]`;
    case 'index':
      return `[${String(step.index)}]`;
    case 'call':
      return `[${step.name}(${step.args.map(pyDumps).join(',')})]`;
  }
}
