/**
 * Per-value subscript semantics shared by the lazy matcher (evaluate.ts) and
 * the expression evaluator (values.ts): the slice algorithm of SPEC §6.3,
 * node-subscript targets (§6.6) and the six callables (§6.7).
 */
import type { CallableName, SliceSubscript } from './ast.js';
import { EvaluationFault } from './errors.js';
import { codePointSlice, intResult, resolveIndex } from './python.js';
import {
  asIndex,
  isObject,
  type JsonValue,
  objectEntries,
  objectHas,
  objectKeys,
  objectValues,
  type PyInt,
} from './value.js';

/**
 * The indices upstream's slice visits on an array of `length` elements, as
 * written in the match node (a negative index stays negative and is resolved
 * again like `[i]`). Only indices that can resolve are produced, so huge
 * bounds cost nothing. A zero step raises upstream's ValueError.
 */
export function sliceIndices(slice: SliceSubscript, length: number): number[] {
  const n = BigInt(length);
  const big = (value: PyInt | undefined): bigint | undefined => (value === undefined ? undefined : BigInt(value));
  const rawStart = big(slice.start);
  const rawEnd = big(slice.end);
  const step = big(slice.step) ?? 1n;
  if (step === 0n) throw new EvaluationFault('ValueError', 'range() arg 3 must not be zero', slice.at);
  // start: a negative start counts from the end, clamped at 0; end is shifted but never clamped.
  let start = rawStart === undefined ? 0n : rawStart;
  if (start < 0n) start = -start < n ? start + n : 0n;
  const end = rawEnd === undefined ? n : rawEnd < 0n ? rawEnd + n : rawEnd;
  const out: number[] = [];
  if (step > 0n) {
    const stop = end < n ? end : n;
    for (let i = start; i < stop; i += step) out.push(Number(i));
    return out;
  }
  // Negative step: start is >= 0 here; skip the part at or above n, stop below -n.
  let i = start;
  if (i >= n) i -= ((i - (n - 1n) - step - 1n) / -step) * -step;
  const stop = end > -n - 1n ? end : -n - 1n;
  for (; i > stop; i += step) out.push(Number(i));
  return out;
}

/** Where `[value]` leads when a node subscript yields `value`: a key, an index, or nowhere. */
export function nodeSubscriptTarget(
  container: JsonValue,
  value: JsonValue,
): { key: string } | { index: PyInt | boolean; position: number } | undefined {
  if (typeof value === 'string') return isObject(container) && objectHas(container, value) ? { key: value } : undefined;
  const index = asIndex(value);
  if (index === undefined || !Array.isArray(container)) return undefined;
  const position = resolveIndex(index, container.length);
  // A bool prints as itself ([true]) but indexes as 1/0.
  return position === undefined ? undefined : { index: typeof value === 'boolean' ? value : index, position };
}

/** Calls one callable on a receiver with evaluated arguments; undefined when upstream yields nothing. */
export function callResult(name: CallableName, receiver: JsonValue, args: readonly JsonValue[]): JsonValue | undefined {
  switch (name) {
    case 'length':
      if (args.length > 0) return undefined;
      if (Array.isArray(receiver)) return intResult(receiver.length);
      return typeof receiver === 'string' ? intResult(codePointLength(receiver)) : undefined;
    case 'charAt': {
      const index = args.length === 1 ? asIndex(args[0] as JsonValue) : undefined;
      if (typeof receiver !== 'string' || index === undefined) return undefined;
      const chars = Array.from(receiver);
      const position = resolveIndex(index, chars.length);
      return position === undefined ? undefined : chars[position];
    }
    case 'substring': {
      if (typeof receiver !== 'string' || args.length < 1 || args.length > 2) return undefined;
      const start = asIndex(args[0] as JsonValue);
      const end = args.length === 2 ? asIndex(args[1] as JsonValue) : undefined;
      if (start === undefined || (args.length === 2 && end === undefined)) return undefined;
      return codePointSlice(Array.from(receiver), start, end);
    }
    case 'keys':
      if (args.length > 0) return undefined;
      if (isObject(receiver)) return objectKeys(receiver);
      return Array.isArray(receiver) ? receiver.map((_, i) => intResult(i)) : undefined;
    case 'values':
      if (args.length > 0) return undefined;
      if (isObject(receiver)) return objectValues(receiver);
      return Array.isArray(receiver) ? receiver : undefined;
    case 'entries':
      if (args.length > 0) return undefined;
      if (isObject(receiver)) return objectEntries(receiver);
      return Array.isArray(receiver) ? receiver.map((value, i) => [intResult(i), value]) : undefined;
  }
}

function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

/** itertools.product: every combination, first argument varying slowest. */
export function argumentCombinations(argumentValues: readonly (readonly JsonValue[])[]): JsonValue[][] {
  let combos: JsonValue[][] = [[]];
  for (const values of argumentValues) {
    const next: JsonValue[][] = [];
    for (const combo of combos) for (const value of values) next.push([...combo, value]);
    combos = next;
  }
  return combos;
}
