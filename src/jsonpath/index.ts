/**
 * A TypeScript re-implementation of the JSONPath dialect of the Python
 * package jsonpath2 (release 0.4.5; the HEAD `contains` operator behind
 * `{ contains: true }`), as generated dispatchers use it to route events.
 *
 *     const path = parsePath('$[?($["eventType"] = "x")]', { file: 'route.txt' });
 *     for (const { path: where, value } of matchPath(path, parseJson(text))) …
 */
export type {
  JsonPath, PathNode, Step, Subscript, Expression, Operand, Literal, Source, ComparisonOperator, CallableName,
} from './ast.js';
export { astEqual } from './ast.js';
export { parsePath, type ParseOptions } from './parser.js';
export { unmatchableReason } from './literals.js';
export { firstMatchingRoute, matchPath, pathMatches, type PathMatch } from './match.js';
export { printPath, printExpression } from './print.js';
export { parseJson, JsonSyntaxError } from './json.js';
export { toJson, pyDumps, floatRepr, type ToJsonOptions } from './dumps.js';
export {
  type JsonValue, type JsonObject, type JsonFloat, type PyInt, pyFloat, isFloat, isObject, toPlain, fromPlain,
} from './value.js';
export { JsonPathSyntaxError, JsonPathEvaluationError, positionOf } from './errors.js';
export { explainClauses, rootFilterClauses, type ClauseExplanation } from './explain.js';
export { proveRoute, asciiProblem, type ProveRouteInput } from './prove.js';
export { batchLineHandler } from './batch.js';
