/**
 * A TypeScript re-implementation of the JSONPath dialect of the Python
 * package jsonpath2 (release 0.4.5; the HEAD `contains` operator behind
 * `{ contains: true }`), as generated dispatchers use it to route events.
 *
 *     const path = parsePath('$[?($["eventType"] = "x")]', { file: 'route.txt' });
 *     for (const { path: where, value } of matchPath(path, parseJson(text))) …
 */
export type {
  CallableName,
  ComparisonOperator,
  Expression,
  JsonPath,
  Literal,
  Operand,
  PathNode,
  Source,
  Step,
  Subscript,
} from './ast.js';
export { astEqual } from './ast.js';
export { batchLineHandler } from './batch.js';
export { floatRepr, type JsonWriter, jsonWriter, pyDumps, type ToJsonOptions, toJson } from './dumps.js';
export { JsonPathEvaluationError, JsonPathSyntaxError, positionOf } from './errors.js';
export { type ClauseExplanation, explainClauses, rootFilterClauses } from './explain.js';
export { JsonSyntaxError, parseJson } from './json.js';
export { unmatchableReason } from './literals.js';
export { firstMatchingRoute, matchPath, type PathMatch, pathMatches } from './match.js';
export { type ParseOptions, parsePath } from './parser.js';
export { printExpression, printPath } from './print.js';
export { asciiProblem, type ProveRouteInput, proveRoute } from './prove.js';
export {
  fromPlain,
  isFloat,
  isObject,
  type JsonFloat,
  type JsonObject,
  type JsonRecord,
  type JsonValue,
  type PyInt,
  pyFloat,
  toPlain,
} from './value.js';
