/**
 * The document model the engine runs on: the values Python's `json.loads`
 * produces, kept apart where JavaScript would merge them.
 *
 * - an object is a plain object as `JSON.parse` makes it (a
 *   {@link JsonRecord}) when its keys keep document order that way, else a
 *   `Map`: JS objects move integer-like keys ("1") to the front, and
 *   jsonpath2 yields keys in document order. Read objects through
 *   {@link objectGet} and its siblings, which take either form;
 * - a Python int is a JS `number` when it is a safe integer, else a `bigint`
 *   (jsonpath2 compares big ints exactly); `-0` may stay a JS `-0`, which
 *   prints and compares as Python's int 0;
 * - a Python float is wrapped in a {@link JsonFloat}, so `1.0` stays distinct
 *   from `1` (it prints as `1.0` and is not an index in `[$.i]` or `charAt`);
 * - booleans stay booleans; Python treats them as the ints 1/0 where numbers
 *   are expected, which the evaluator handles through {@link numericValue}.
 */
export type JsonValue = null | boolean | number | bigint | JsonFloat | string | JsonValue[] | JsonObject;

/** An object in document key order; duplicate keys keep the first position and the last value. */
export type JsonObject = JsonRecord | Map<string, JsonValue>;

/**
 * An object as `JSON.parse` makes it: its own keys are its keys (never read
 * one through the prototype: "constructor" is no key of `{}`), in document
 * order because none is integer-like.
 */
export interface JsonRecord {
  readonly [key: string]: JsonValue;
}

/** A Python float. A class, so that no object of a document (`{"float": 1}`) passes for one. */
export class JsonFloat {
  declare private readonly nominal: never;
  constructor(readonly float: number) {}
}

/** A Python int: a safe-integer number or a bigint. */
export type PyInt = number | bigint;

/** Wraps a JS number as a Python float. */
export function pyFloat(value: number): JsonFloat {
  return new JsonFloat(value);
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
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonFloat);
}

export function isFloat(value: JsonValue): value is JsonFloat {
  return value instanceof JsonFloat;
}

/** The value at `key` of an object, undefined when it has no such key. */
export function objectGet(object: JsonObject, key: string): JsonValue | undefined {
  if (object instanceof Map) return object.get(key);
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The value at `key` when `value` is an object that has that key, else undefined. */
export function valueAtKey(value: JsonValue, key: string): JsonValue | undefined {
  return isObject(value) ? objectGet(value, key) : undefined;
}

export function objectHas(object: JsonObject, key: string): boolean {
  return object instanceof Map ? object.has(key) : Object.hasOwn(object, key);
}

export function objectSize(object: JsonObject): number {
  return object instanceof Map ? object.size : Object.keys(object).length;
}

/** The keys in document order. */
export function objectKeys(object: JsonObject): string[] {
  return object instanceof Map ? [...object.keys()] : Object.keys(object);
}

/** The values in document order. */
export function objectValues(object: JsonObject): JsonValue[] {
  return object instanceof Map ? [...object.values()] : Object.values(object);
}

/** The entries in document order. */
export function objectEntries(object: JsonObject): [string, JsonValue][] {
  return object instanceof Map ? [...object] : Object.entries(object);
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
  if (isObject(value)) return 'dict';
  return 'float';
}

/** Converts to plain JS data (objects, numbers) for callers that do not care about Python types. */
export function toPlain(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of objectEntries(value)) {
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
