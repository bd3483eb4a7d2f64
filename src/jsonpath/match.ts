/**
 * The public matching entry point: upstream `Path.match(document)` with each
 * match's location printed as upstream's `node.tojsonpath()`.
 */
import { isUserError } from '../core/errors.js';
import type { JsonPath } from './ast.js';
import { EvaluationFault } from './errors.js';
import { matchNode } from './evaluate.js';
import { parsePath } from './parser.js';
import { printLocation } from './print.js';
import type { JsonValue } from './value.js';

/** One match: upstream's `tojsonpath()` of the concrete node, and the value (by reference). */
export interface PathMatch {
  readonly path: string;
  readonly value: JsonValue;
}

/**
 * Lazily yields the matches of a path in upstream order. Errors upstream
 * raises while iterating (a zero slice step, `contains` on incompatible
 * values) are thrown as a JsonPathEvaluationError at the point iteration
 * reaches them, with a caret under the slice or operator.
 */
export function* matchPath(path: JsonPath | string, doc: JsonValue): Generator<PathMatch, void, undefined> {
  const parsed = typeof path === 'string' ? parsePath(path) : path;
  try {
    for (const match of matchNode(parsed.root, doc, doc))
      yield { path: printLocation(match.location), value: match.value };
  } catch (error) {
    if (error instanceof EvaluationFault) throw error.located(parsed.source);
    // Path and document nesting add up while matching (`..` walks the whole
    // document); past the stack, upstream raises RecursionError, and so do we.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new EvaluationFault(
        'RecursionError',
        'maximum recursion depth exceeded while matching: the path and the document together nest too deep',
        0,
      ).located(parsed.source);
    }
    throw error;
  }
}

/** Whether the path matches at all (what upstream's Router checks): stops at the first match. */
export function pathMatches(path: JsonPath, doc: JsonValue): boolean {
  for (const _ of matchPath(path, doc)) return true;
  return false;
}

/**
 * The route upstream's Router hands `doc` to: the first, in router order,
 * whose path matches it. A route without a usable path (`pathOf` gives
 * undefined), or whose path fails to evaluate on `doc`, matches nothing.
 */
export function firstMatchingRoute<R>(
  routes: readonly R[],
  pathOf: (route: R) => JsonPath | undefined,
  doc: JsonValue,
): R | undefined {
  return routes.find((route) => {
    const path = pathOf(route);
    try {
      return path !== undefined && pathMatches(path, doc);
    } catch (error) {
      if (isUserError(error)) return false;
      throw error;
    }
  });
}
