/**
 * The document model the engine runs on: the values Python's `json.loads`
 * produces, kept apart where JavaScript would merge them.
 *
 * - objects are `Map`s, because JS objects move integer-like keys ("1") to
 *   the front and jsonpath2 yields keys in document order;
 * - a Python int is a JS `number` when it is a safe integer, else a `bigint`
 *   (jsonpath2 compares big ints exactly);
 * - a Python float is wrapped in a {@link JsonFloat}, so `1.0` stays distinct
 *   from `1` (it prints as `1.0` and is not an index in `[$.i]` or `charAt`);
 * - booleans stay booleans; Python treats them as the ints 1/0 where numbers
 *   are expected, which the evaluator handles through {@link numericValue}.
 */
export type JsonValue = null | boolean | number | bigint | JsonFloat | string | JsonValue[] | JsonObject;

/** An object in document key order; duplicate keys keep the first position and the last value. */
export type JsonObject = Map<string, JsonValue>;

/** A Python float. */
export interface JsonFloat {
  readonly float: number;
}

/** A Python int: a safe-integer number or a bigint. */
export type PyInt = number | bigint;

/** Wraps a JS number as a Python float. */
export function pyFloat(value: number): JsonFloat {
  return { float: value };
}

/** Normalises an integer to the canonical PyInt form (number when safe, `-0` as `0`). */
export function pyInt(value: number | bigint): PyInt {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/** Parses decimal integer text (optionally signed) into a PyInt. */
export function parsePyInt(text: string): PyInt {
  // 15 digits always fit a double exactly; longer text goes through BigInt.
  return text.length <= 15 ? pyInt(Number(text)) : pyInt(BigInt(text));
}

export function isObject(value: JsonValue): value is JsonObject {
  return value instanceof Map;
}

export function isFloat(value: JsonValue): value is JsonFloat {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

/** Python `isinstance(value, int)` without bool: an int proper. */
export function isPyIntValue(value: JsonValue): value is PyInt {
  return typeof value === 'number' || typeof value === 'bigint';
}

/** Python `isinstance(value, int)`, which includes `bool`: usable as an index. */
export function asIndex(value: JsonValue): PyInt | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** The numeric value of an int, float or bool (Python's numeric tower), else undefined. */
export function numericValue(value: JsonValue): number | bigint | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isFloat(value)) return value.float;
  return undefined;
}

/** Python's `type(value).__name__`, used in TypeError messages. */
export function pyTypeName(value: JsonValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map) return 'dict';
  return 'float';
}

/** Converts to plain JS data (objects, numbers) for callers that do not care about Python types. */
export function toPlain(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) {
      Object.defineProperty(out, key, { value: toPlain(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (isFloat(value)) return value.float;
  return value;
}

/** Converts plain JS data (e.g. from JSON.parse) to the model; integral numbers become ints. */
export function fromPlain(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'bigint')
    return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? pyInt(value) : pyFloat(value);
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [String(k), fromPlain(v)]));
  if (typeof value === 'object') return new Map(Object.entries(value as object).map(([k, v]) => [k, fromPlain(v)]));
  throw new TypeError(`not a JSON value: ${typeof value}`);
}
