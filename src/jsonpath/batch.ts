/**
 * The `--jsonl` batch protocol, shared with bench/upstream-jsonpath2.py so
 * both engines can be compared line by line:
 *
 *     in:  {"path": "<expression>", "doc": <any JSON>}
 *     out: {"ok": true, "matches": [{"path": "<tojsonpath>", "value": <value>}, …]}
 *          {"ok": false, "error": "<Python exception type>: <str(exception)>"}
 *
 * Output is Python `json.dumps(…, ensure_ascii=False)`, so `1.0` stays `1.0`
 * and key order is kept. Blank input lines are skipped.
 */
import type { JsonPath } from './ast.js';
import { toJson } from './dumps.js';
import { JsonPathEvaluationError, JsonPathSyntaxError } from './errors.js';
import { JsonSyntaxError, parseJson } from './json.js';
import { matchPath } from './match.js';
import { parsePath } from './parser.js';
import { type JsonValue, valueAtKey } from './value.js';

/** A reusable line handler; parsed paths are cached so a repeated route is parsed once. */
export function batchLineHandler(options: { contains?: boolean } = {}): (line: string) => string {
  const cache = new Map<string, JsonPath | JsonPathSyntaxError>();
  const parseCached = (text: string): JsonPath => {
    let entry = cache.get(text);
    if (entry === undefined) {
      try {
        entry = parsePath(text, { contains: options.contains });
      } catch (error) {
        if (!(error instanceof JsonPathSyntaxError)) throw error;
        entry = error;
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(text, entry);
    }
    if (entry instanceof JsonPathSyntaxError) throw entry;
    return entry;
  };

  return (line) => {
    const fail = (kind: string, message: string): string =>
      toJson(
        new Map<string, JsonValue>([
          ['ok', false],
          ['error', `${kind}: ${message}`],
        ]),
        { python: true },
      );
    let request: JsonValue;
    try {
      request = parseJson(line);
    } catch (error) {
      if (error instanceof JsonSyntaxError) return fail(error.pythonType, error.message);
      throw error;
    }
    const pathText = valueAtKey(request, 'path');
    const doc = valueAtKey(request, 'doc');
    if (typeof pathText !== 'string' || doc === undefined) {
      return fail('ProtocolError', 'expected {"path": <string>, "doc": <any JSON>}');
    }
    try {
      const path = parseCached(pathText);
      const matches: JsonValue[] = [];
      for (const match of matchPath(path, doc)) {
        matches.push(
          new Map<string, JsonValue>([
            ['path', match.path],
            ['value', match.value],
          ]),
        );
      }
      return toJson(
        new Map<string, JsonValue>([
          ['ok', true],
          ['matches', matches],
        ]),
        { python: true },
      );
    } catch (error) {
      if (error instanceof JsonPathSyntaxError || error instanceof JsonPathEvaluationError)
        return fail(error.pythonType, error.pythonMessage);
      throw error;
    }
  };
}
