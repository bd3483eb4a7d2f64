/**
 * Evaluation inside filter expressions, where only values matter and
 * upstream stops early (`Some` at the first match, comparisons at the first
 * true pair). A push-style walk with a stop signal does that without the
 * cost of generators or match locations; it visits values in exactly the
 * order of the lazy matcher (evaluate.ts), so errors surface at the same
 * point as upstream.
 */
import type { BinaryExpression, Expression, PathNode, Step, Subscript } from './ast.js';
import { EvaluationFault } from './errors.js';
import { compare, PythonTypeError, pyTruthy, resolveIndex } from './python.js';
import { argumentCombinations, callResult, nodeSubscriptTarget, sliceIndices } from './subscripts.js';
import { isObject, type JsonValue } from './value.js';

/** Called per value; returning true stops the walk. */
type Visit = (value: JsonValue) => boolean;

/** Visits the values a path yields (root = document, `@` = current). Returns true if stopped early. */
export function eachValue(path: PathNode, root: JsonValue, current: JsonValue, visit: Visit): boolean {
  return visitStep(path.next, root, path.kind === 'root' ? root : current, visit);
}

const keyChains = new WeakMap<PathNode, readonly string[] | null>();

/**
 * Routes are mostly `@["k"]` and `$["a"]["b"]`: paths of single keys, which
 * yield at most one value. They are resolved with a plain loop (the keys are
 * worked out once per AST node), which keeps filters over thousands of data
 * items cheap.
 */
function keyChain(path: PathNode): readonly string[] | null {
  let keys = keyChains.get(path);
  if (keys === undefined) {
    const found: string[] = [];
    let step = path.next;
    for (
      ;
      step.kind === 'subscript' && step.subscripts.length === 1 && step.subscripts[0]?.kind === 'key';
      step = step.next
    ) {
      found.push(step.subscripts[0].key);
    }
    keys = step.kind === 'terminal' ? found : null;
    keyChains.set(path, keys);
  }
  return keys;
}

/** The single value of a key-chain path, or undefined when a key is missing. */
function lookupChain(keys: readonly string[], start: JsonValue): JsonValue | undefined {
  let value: JsonValue | undefined = start;
  for (let i = 0; i < keys.length && value !== undefined; i++)
    value = value instanceof Map ? value.get(keys[i] as string) : undefined;
  return value;
}

/** The first value a path yields, or undefined: enough for existence tests. */
function firstValue(path: PathNode, root: JsonValue, current: JsonValue): JsonValue | undefined {
  const start = path.kind === 'root' ? root : current;
  const keys = keyChain(path);
  if (keys) return lookupChain(keys, start);
  let first: JsonValue | undefined;
  visitStep(path.next, root, start, (value) => ((first = value), true));
  return first;
}

/** All values of a path, in order (for callable arguments, which upstream materialises). */
export function allValues(path: PathNode, root: JsonValue, current: JsonValue): JsonValue[] {
  const out: JsonValue[] = [];
  eachValue(path, root, current, (value) => (out.push(value), false));
  return out;
}

function visitStep(step: Step, root: JsonValue, value: JsonValue, visit: Visit): boolean {
  switch (step.kind) {
    case 'terminal':
      return visit(value);
    case 'subscript':
      for (const subscript of step.subscripts)
        if (visitSubscript(subscript, step.next, root, value, visit)) return true;
      return false;
    case 'descent':
      return visitDescent(step.inner, root, value, visit);
  }
}

function visitDescent(inner: Step, root: JsonValue, value: JsonValue, visit: Visit): boolean {
  if (visitStep(inner, root, value, visit)) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (visitDescent(inner, root, child, visit)) return true;
  } else if (isObject(value)) {
    for (const child of value.values()) if (visitDescent(inner, root, child, visit)) return true;
  }
  return false;
}

function visitSubscript(subscript: Subscript, next: Step, root: JsonValue, value: JsonValue, visit: Visit): boolean {
  switch (subscript.kind) {
    case 'key': {
      // Map values are never undefined, so one get() does the has() too.
      const child = isObject(value) ? value.get(subscript.key) : undefined;
      return child !== undefined && visitStep(next, root, child, visit);
    }
    case 'index': {
      if (!Array.isArray(value)) return false;
      const position = resolveIndex(subscript.index, value.length);
      return position !== undefined && visitStep(next, root, value[position] as JsonValue, visit);
    }
    case 'slice': {
      if (!Array.isArray(value)) return false;
      for (const index of sliceIndices(subscript, value.length)) {
        const position = resolveIndex(index, value.length);
        if (position !== undefined && visitStep(next, root, value[position] as JsonValue, visit)) return true;
      }
      return false;
    }
    case 'wildcard':
      if (Array.isArray(value)) {
        for (const child of value) if (visitStep(next, root, child, visit)) return true;
      } else if (isObject(value)) {
        for (const child of value.values()) if (visitStep(next, root, child, visit)) return true;
      }
      return false;
    case 'filter':
      return evaluateExpression(subscript.expression, root, value) && visitStep(next, root, value, visit);
    case 'node':
      return eachValue(subscript.path, root, value, (key) => {
        const target = nodeSubscriptTarget(value, key);
        if (target === undefined) return false;
        const child =
          'key' in target ? (value as Map<string, JsonValue>).get(target.key) : (value as JsonValue[])[target.position];
        return visitStep(next, root, child as JsonValue, visit);
      });
    case 'call': {
      const argumentValues = subscript.args.map((arg) =>
        arg.kind === 'literal' ? [arg.value] : allValues(arg, root, value),
      );
      for (const args of argumentCombinations(argumentValues)) {
        const result = callResult(subscript.name, value, args);
        if (result !== undefined && visitStep(next, root, result, visit)) return true;
      }
      return false;
    }
  }
}

/** Whether a filter expression holds with `@` = current (upstream `Expression.evaluate`). */
export function evaluateExpression(expression: Expression, root: JsonValue, current: JsonValue): boolean {
  switch (expression.kind) {
    case 'some': {
      const operand = expression.operand;
      // A path means "has at least one match"; a literal means Python truthiness.
      return operand.kind === 'literal' ? pyTruthy(operand.value) : firstValue(operand, root, current) !== undefined;
    }
    case 'not':
      return !evaluateExpression(expression.operand, root, current);
    case 'and':
      for (const operand of expression.operands) if (!evaluateExpression(operand, root, current)) return false;
      return true;
    case 'or':
      for (const operand of expression.operands) if (evaluateExpression(operand, root, current)) return true;
      return false;
    case 'binary':
      if (expression.op !== 'contains') return evaluateBinary(expression, root, current);
      try {
        return evaluateBinary(expression, root, current);
      } catch (error) {
        if (error instanceof PythonTypeError) throw new EvaluationFault('TypeError', error.message, expression.at);
        throw error;
      }
  }
}

/**
 * Upstream computes `any(op(l, r) for l in LEFT for r in RIGHT)` where a path
 * side is a single-use generator: with a path on the right, only the first
 * left value meets any right values; later left values are still produced
 * (and may raise) but meet an exhausted stream.
 */
function evaluateBinary(expression: BinaryExpression, root: JsonValue, current: JsonValue): boolean {
  const { op, left, right } = expression;
  if (right.kind === 'literal') {
    if (left.kind === 'literal') return compare(op, left.value, right.value);
    const keys = keyChain(left);
    if (keys) {
      const value = lookupChain(keys, left.kind === 'root' ? root : current);
      return value !== undefined && compare(op, value, right.value);
    }
    return eachValue(left, root, current, (l) => compare(op, l, right.value));
  }
  const againstRight = (l: JsonValue): boolean => eachValue(right, root, current, (r) => compare(op, l, r));
  if (left.kind === 'literal') return againstRight(left.value);
  let first = true;
  return eachValue(left, root, current, (l) => {
    if (!first) return false;
    first = false;
    return againstRight(l);
  });
}
