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
import { isObject, type JsonObject, type JsonValue, objectGet, objectValues, valueAtKey } from './value.js';

/** Called per value; returning true stops the walk. */
type Visit = (value: JsonValue) => boolean;

/*
 * Each AST node is compiled once into a closure that calls its children's
 * closures directly: a filter over thousands of data items then costs a few
 * calls and one Map lookup per item, instead of a switch on node kinds and a
 * cache lookup per comparison. The closures keep the order and the early
 * stops of the tree walk they replace, step for step.
 */

/** Walks a step from `value`; true if `visit` stopped the walk. */
type StepWalk = (root: JsonValue, value: JsonValue, visit: Visit) => boolean;
/** Walks a path (root = document, `@` = current); true if `visit` stopped the walk. */
type PathWalk = (root: JsonValue, current: JsonValue, visit: Visit) => boolean;
/** A compiled filter expression. */
type Test = (root: JsonValue, current: JsonValue) => boolean;
/** The one value a key-chain path yields, or undefined. */
type Lookup = (root: JsonValue, current: JsonValue) => JsonValue | undefined;

const compiledPaths = new WeakMap<PathNode, PathWalk>();
const compiledExpressions = new WeakMap<Expression, Test>();

/** Visits the values a path yields (root = document, `@` = current). Returns true if stopped early. */
export function eachValue(path: PathNode, root: JsonValue, current: JsonValue, visit: Visit): boolean {
  return pathWalk(path)(root, current, visit);
}

/** All values of a path, in order (for callable arguments, which upstream materialises). */
export function allValues(path: PathNode, root: JsonValue, current: JsonValue): JsonValue[] {
  const out: JsonValue[] = [];
  pathWalk(path)(root, current, (value) => (out.push(value), false));
  return out;
}

/** Whether a filter expression holds with `@` = current (upstream `Expression.evaluate`). */
export function evaluateExpression(expression: Expression, root: JsonValue, current: JsonValue): boolean {
  return compiledTest(expression)(root, current);
}

function pathWalk(path: PathNode): PathWalk {
  let walk = compiledPaths.get(path);
  if (walk === undefined) {
    const next = compileStep(path.next);
    walk = path.kind === 'root' ? (root, _current, visit) => next(root, root, visit) : next;
    compiledPaths.set(path, walk);
  }
  return walk;
}

function compiledTest(expression: Expression): Test {
  let test = compiledExpressions.get(expression);
  if (test === undefined) {
    test = compileExpression(expression);
    compiledExpressions.set(expression, test);
  }
  return test;
}

/**
 * Routes are mostly `@["k"]` and `$["a"]["b"]`: paths of single keys, which
 * yield at most one value. They resolve with a plain loop.
 */
function keyChain(path: PathNode): readonly string[] | undefined {
  const keys: string[] = [];
  let step = path.next;
  for (
    ;
    step.kind === 'subscript' && step.subscripts.length === 1 && step.subscripts[0]?.kind === 'key';
    step = step.next
  )
    keys.push(step.subscripts[0].key);
  return step.kind === 'terminal' ? keys : undefined;
}

/** The single value of a key-chain path (a function of root and current), undefined when a key is missing. */
function compileLookup(path: PathNode, keys: readonly string[]): Lookup {
  const fromRoot = path.kind === 'root';
  if (keys.length === 1) {
    const key = keys[0] as string;
    // Values are never undefined, so one lookup answers "has it" too.
    return fromRoot ? (root) => valueAtKey(root, key) : (_root, current) => valueAtKey(current, key);
  }
  return (root, current) => {
    let value: JsonValue | undefined = fromRoot ? root : current;
    for (let i = 0; i < keys.length && value !== undefined; i++) value = valueAtKey(value, keys[i] as string);
    return value;
  };
}

function compileStep(step: Step): StepWalk {
  switch (step.kind) {
    case 'terminal':
      return (_root, value, visit) => visit(value);
    case 'subscript': {
      const subscripts = step.subscripts.map((subscript) => compileSubscript(subscript, step.next));
      if (subscripts.length === 1) return subscripts[0] as StepWalk;
      return (root, value, visit) => {
        for (const subscript of subscripts) if (subscript(root, value, visit)) return true;
        return false;
      };
    }
    case 'descent': {
      // The descent visits the value's own step results before any descendant's.
      const inner = compileStep(step.inner);
      const descend: StepWalk = (root, value, visit) => {
        if (inner(root, value, visit)) return true;
        if (Array.isArray(value)) {
          for (const child of value) if (descend(root, child, visit)) return true;
        } else if (isObject(value)) {
          for (const child of objectValues(value)) if (descend(root, child, visit)) return true;
        }
        return false;
      };
      return descend;
    }
  }
}

function compileSubscript(subscript: Subscript, nextStep: Step): StepWalk {
  const next = compileStep(nextStep);
  switch (subscript.kind) {
    case 'key': {
      const key = subscript.key;
      return (root, value, visit) => {
        const child = valueAtKey(value, key);
        return child !== undefined && next(root, child, visit);
      };
    }
    case 'index': {
      const index = subscript.index;
      return (root, value, visit) => {
        if (!Array.isArray(value)) return false;
        const position = resolveIndex(index, value.length);
        return position !== undefined && next(root, value[position] as JsonValue, visit);
      };
    }
    case 'slice':
      return (root, value, visit) => {
        if (!Array.isArray(value)) return false;
        for (const index of sliceIndices(subscript, value.length)) {
          const position = resolveIndex(index, value.length);
          if (position !== undefined && next(root, value[position] as JsonValue, visit)) return true;
        }
        return false;
      };
    case 'wildcard':
      return (root, value, visit) => {
        if (Array.isArray(value)) {
          for (const child of value) if (next(root, child, visit)) return true;
        } else if (isObject(value)) {
          for (const child of objectValues(value)) if (next(root, child, visit)) return true;
        }
        return false;
      };
    case 'filter': {
      const test = compiledTest(subscript.expression);
      return (root, value, visit) => test(root, value) && next(root, value, visit);
    }
    case 'node': {
      const keys = pathWalk(subscript.path);
      return (root, value, visit) =>
        keys(root, value, (key) => {
          const target = nodeSubscriptTarget(value, key);
          if (target === undefined) return false;
          const child =
            'key' in target ? objectGet(value as JsonObject, target.key) : (value as JsonValue[])[target.position];
          return next(root, child as JsonValue, visit);
        });
    }
    case 'call': {
      const { name, args } = subscript;
      return (root, value, visit) => {
        const argumentValues = args.map((arg) => (arg.kind === 'literal' ? [arg.value] : allValues(arg, root, value)));
        for (const combination of argumentCombinations(argumentValues)) {
          const result = callResult(name, value, combination);
          if (result !== undefined && next(root, result, visit)) return true;
        }
        return false;
      };
    }
  }
}

const stopAtFirst: Visit = () => true;

function compileExpression(expression: Expression): Test {
  switch (expression.kind) {
    case 'some': {
      const operand = expression.operand;
      // A literal means Python truthiness; a path means "has at least one match".
      if (operand.kind === 'literal') {
        const truthy = pyTruthy(operand.value);
        return () => truthy;
      }
      const keys = keyChain(operand);
      if (keys) {
        const lookup = compileLookup(operand, keys);
        return (root, current) => lookup(root, current) !== undefined;
      }
      const walk = pathWalk(operand);
      return (root, current) => walk(root, current, stopAtFirst);
    }
    case 'not': {
      const operand = compiledTest(expression.operand);
      return (root, current) => !operand(root, current);
    }
    case 'and': {
      const operands = expression.operands.map(compiledTest);
      return (root, current) => {
        for (const operand of operands) if (!operand(root, current)) return false;
        return true;
      };
    }
    case 'or': {
      const operands = expression.operands.map(compiledTest);
      return (root, current) => {
        for (const operand of operands) if (operand(root, current)) return true;
        return false;
      };
    }
    case 'binary': {
      const test = compileBinary(expression);
      if (expression.op !== 'contains') return test;
      const at = expression.at;
      return (root, current) => {
        try {
          return test(root, current);
        } catch (error) {
          if (error instanceof PythonTypeError) throw new EvaluationFault('TypeError', error.message, at);
          throw error;
        }
      };
    }
  }
}

/**
 * Upstream computes `any(op(l, r) for l in LEFT for r in RIGHT)` where a path
 * side is a single-use generator: with a path on the right, only the first
 * left value meets any right values; later left values are still produced
 * (and may raise) but meet an exhausted stream.
 */
function compileBinary(expression: BinaryExpression): Test {
  const { op, left, right } = expression;
  if (right.kind === 'literal') {
    const literal = right.value;
    if (left.kind === 'literal') {
      return () => compare(op, left.value, literal);
    }
    const keys = keyChain(left);
    if (keys) {
      const lookup = compileLookup(left, keys);
      // No str equals anything but the same str (numbers, None, containers never do).
      if (op === '=' && typeof literal === 'string') return (root, current) => lookup(root, current) === literal;
      return (root, current) => {
        const value = lookup(root, current);
        return value !== undefined && compare(op, value, literal);
      };
    }
    const walk = pathWalk(left);
    return (root, current) => walk(root, current, (l) => compare(op, l, literal));
  }
  const rightWalk = pathWalk(right);
  const againstRight = (root: JsonValue, current: JsonValue, l: JsonValue): boolean =>
    rightWalk(root, current, (r) => compare(op, l, r));
  if (left.kind === 'literal') return (root, current) => againstRight(root, current, left.value);
  const leftWalk = pathWalk(left);
  return (root, current) => {
    let first = true;
    return leftWalk(root, current, (l) => {
      if (!first) return false;
      first = false;
      return againstRight(root, current, l);
    });
  };
}
