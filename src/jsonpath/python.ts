/**
 * Python semantics the evaluator relies on (SPEC §4, §6.7, §7.4): `==` across
 * the numeric tower (bool is an int), ordering only between numbers,
 * truthiness, `in`, and code-point string indexing for the callables.
 */
import type { ComparisonOperator } from './ast.js';
import {
  isFloat,
  isObject,
  type JsonValue,
  numericValue,
  objectEntries,
  objectGet,
  objectHas,
  objectSize,
  type PyInt,
  pyInt,
  pyTypeName,
} from './value.js';

/** A TypeError upstream would raise (only `contains` can). */
export class PythonTypeError extends Error {
  override readonly name = 'TypeError';
}

/** Python `a == b` on JSON values. */
export function pyEquals(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === 'string') return a === b;
  const x = numericValue(a);
  if (x !== undefined) {
    const y = numericValue(b);
    // Loose equality is exact between number and bigint; NaN equals nothing.
    // biome-ignore lint/suspicious/noDoubleEquals: the one comparison that is exact across number and bigint
    return y !== undefined && x == y;
  }
  if (a === null) return b === null;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    // Containers compare items by identity first, as CPython does.
    return a.every((item, i) => item === b[i] || pyEquals(item, b[i] as JsonValue));
  }
  if (isObject(a)) {
    if (!isObject(b) || objectSize(a) !== objectSize(b)) return false;
    for (const [key, item] of objectEntries(a)) {
      const other = objectGet(b, key);
      if (other === undefined) return false;
      if (item !== other && !pyEquals(item, other)) return false;
    }
    return true;
  }
  return false;
}

/** Applies a comparison operator to one pair of values, as upstream's operator classes do. */
export function compare(op: ComparisonOperator, left: JsonValue, right: JsonValue): boolean {
  switch (op) {
    case '=':
      return pyEquals(left, right);
    case '!=':
      return !pyEquals(left, right);
    case 'contains':
      return pyContains(left, right);
  }
  // Ordering holds only between numbers (bool included); anything else is false, never an error.
  const x = numericValue(left);
  const y = numericValue(right);
  if (x === undefined || y === undefined) return false;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** Python `needle in haystack`, i.e. upstream's `haystack contains needle`. */
export function pyContains(haystack: JsonValue, needle: JsonValue): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string')
      throw new PythonTypeError(`'in <string>' requires string as left operand, not ${pyTypeName(needle)}`);
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((item) => item === needle || pyEquals(item, needle));
  if (isObject(haystack)) {
    if (Array.isArray(needle) || isObject(needle))
      throw new PythonTypeError(`unhashable type: '${pyTypeName(needle)}'`);
    // Keys are strings, and no str equals a number, bool or None.
    return typeof needle === 'string' && objectHas(haystack, needle);
  }
  throw new PythonTypeError(`argument of type '${pyTypeName(haystack)}' is not iterable`);
}

/** Python `bool(value)` for a literal. */
export function pyTruthy(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return objectSize(value) > 0;
  return isFloat(value) && value.float !== 0;
}

/** Resolves a Python index against a length: the position, or undefined when out of range. */
export function resolveIndex(index: PyInt, length: number): number | undefined {
  if (typeof index === 'bigint') return undefined; // never within an in-memory sequence
  const position = index < 0 ? index + length : index;
  return position >= 0 && position < length ? position : undefined;
}

/** Python `s[a:b]` over code points, with a and b clamped the Python way. */
export function codePointSlice(chars: readonly string[], start: PyInt, end: PyInt | undefined): string {
  const length = chars.length;
  const clamp = (i: PyInt): number => {
    const n = typeof i === 'bigint' ? (i < 0n ? -Infinity : Infinity) : i;
    const position = n < 0 ? n + length : n;
    return Math.min(Math.max(position, 0), length);
  };
  const from = clamp(start);
  const to = end === undefined ? length : clamp(end);
  return from < to ? chars.slice(from, to).join('') : '';
}

/** Normalises a JS integer result (a length, a position) to a PyInt. */
export const intResult = (value: number): PyInt => pyInt(value);
