/**
 * The lazy matcher behind `matchPath`: a generator that yields matches in
 * upstream order (SPEC §5) and raises errors only when iteration reaches
 * them, like upstream's generator chain. Each match carries its concrete
 * location for upstream's `tojsonpath()` text.
 */
import type { PathNode, Step, Subscript } from './ast.js';
import type { Location, LocationStep } from './print.js';
import { resolveIndex } from './python.js';
import { argumentCombinations, callResult, nodeSubscriptTarget, sliceIndices } from './subscripts.js';
import { isObject, type JsonObject, type JsonValue, objectEntries, objectGet, valueAtKey } from './value.js';
import { allValues, evaluateExpression } from './values.js';

/** One match: the value (by reference) and where it was found. */
export interface RawMatch {
  readonly value: JsonValue;
  readonly location: Location | undefined;
}

const extend = (parent: Location | undefined, step: LocationStep): Location => ({ parent, step });

/** Lazily matches a path against a document (upstream `Path.match`). */
export function* matchNode(path: PathNode, root: JsonValue, current: JsonValue): Generator<RawMatch> {
  yield* walk(path.next, root, path.kind === 'root' ? root : current, undefined);
}

function* walk(step: Step, root: JsonValue, value: JsonValue, location: Location | undefined): Generator<RawMatch> {
  switch (step.kind) {
    case 'terminal':
      yield { value, location };
      return;
    case 'subscript':
      for (const subscript of step.subscripts) yield* applySubscript(subscript, step.next, root, value, location);
      return;
    case 'descent':
      yield* descend(step.inner, root, value, location);
  }
}

// The descent visits the value's own step results before any descendant's (upstream RecursiveDescentNode).
function* descend(inner: Step, root: JsonValue, value: JsonValue, location: Location | undefined): Generator<RawMatch> {
  yield* walk(inner, root, value, location);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      yield* descend(inner, root, value[i] as JsonValue, extend(location, { kind: 'index', index: i }));
  } else if (isObject(value)) {
    for (const [key, child] of objectEntries(value))
      yield* descend(inner, root, child, extend(location, { kind: 'key', key }));
  }
}

function* applySubscript(
  subscript: Subscript,
  next: Step,
  root: JsonValue,
  value: JsonValue,
  location: Location | undefined,
): Generator<RawMatch> {
  switch (subscript.kind) {
    case 'key': {
      const child = valueAtKey(value, subscript.key);
      if (child !== undefined) yield* walk(next, root, child, extend(location, { kind: 'key', key: subscript.key }));
      return;
    }
    case 'index': {
      const position = Array.isArray(value) ? resolveIndex(subscript.index, value.length) : undefined;
      // The node keeps the index as written: `$[-1]`, not `$[2]`.
      if (position !== undefined)
        yield* walk(
          next,
          root,
          (value as JsonValue[])[position] as JsonValue,
          extend(location, { kind: 'index', index: subscript.index }),
        );
      return;
    }
    case 'slice':
      if (!Array.isArray(value)) return;
      for (const index of sliceIndices(subscript, value.length)) {
        const position = resolveIndex(index, value.length);
        if (position !== undefined)
          yield* walk(next, root, value[position] as JsonValue, extend(location, { kind: 'index', index }));
      }
      return;
    case 'wildcard':
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          yield* walk(next, root, value[i] as JsonValue, extend(location, { kind: 'index', index: i }));
      } else if (isObject(value)) {
        for (const [key, child] of objectEntries(value))
          yield* walk(next, root, child, extend(location, { kind: 'key', key }));
      }
      return;
    case 'filter':
      // A filter tests the value itself and adds nothing to the location.
      if (evaluateExpression(subscript.expression, root, value)) yield* walk(next, root, value, location);
      return;
    case 'node':
      for (const { value: key } of matchNode(subscript.path, root, value)) {
        const target = nodeSubscriptTarget(value, key);
        if (target === undefined) continue;
        if ('key' in target)
          yield* walk(
            next,
            root,
            objectGet(value as JsonObject, target.key) as JsonValue,
            extend(location, { kind: 'key', key: target.key }),
          );
        else
          yield* walk(
            next,
            root,
            (value as JsonValue[])[target.position] as JsonValue,
            extend(location, { kind: 'index', index: target.index }),
          );
      }
      return;
    case 'call': {
      // Upstream's itertools.product materialises every argument before the first call.
      const argumentValues = subscript.args.map((arg) =>
        arg.kind === 'literal' ? [arg.value] : allValues(arg, root, value),
      );
      for (const args of argumentCombinations(argumentValues)) {
        const result = callResult(subscript.name, value, args);
        if (result !== undefined)
          yield* walk(next, root, result, extend(location, { kind: 'call', name: subscript.name, args }));
      }
    }
  }
}
