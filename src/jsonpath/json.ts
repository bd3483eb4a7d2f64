/**
 * An order-preserving JSON reader with Python `json.loads` semantics: ints
 * and floats stay distinct, big ints stay exact, object keys keep document
 * order (see value.ts), `NaN`/`Infinity`/`-Infinity` are accepted, and error
 * messages use Python's wording and "line L column C (char N)" positions, so
 * a batch compared with upstream line by line reports the same failures.
 */
import { type JsonObject, type JsonRecord, type JsonValue, parsePyInt, pyFloat } from './value.js';

/** Invalid JSON text, with Python's message and 1-based line/column. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JSONDecodeError';
  constructor(
    /** Python's message without the position, e.g. "Expecting value". */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    /** Offset in code points, as Python reports it. */
    readonly char: number,
    /** Python's exception type: JSONDecodeError, or RecursionError for nesting past the limit. */
    readonly pythonType: 'JSONDecodeError' | 'RecursionError' = 'JSONDecodeError',
  ) {
    super(`${reason}: line ${line} column ${column} (char ${char})`);
  }
}

const DIGIT_LO = 48;
const PLAIN = /[^"\\\x00-\x1f]*/y;
const DIGIT_HI = 57;

/**
 * How deeply arrays and objects may nest. Matching, printing and checking
 * walk documents recursively; Python's json module itself stops at its
 * recursion limit (1000), and no event comes near it.
 */
export const MAX_JSON_NESTING = 1000;

/**
 * Parses JSON text into the document model. Throws {@link JsonSyntaxError}.
 *
 * Most documents (events are text, ints and keys that are names) read the
 * same through `JSON.parse`, which is native and several times faster than
 * this module's reader, and its objects are the model's as they are (see
 * value.ts); they go that way. A document where `JSON.parse` and Python's
 * `json` could part ways goes to the exact reader instead: see
 * {@link readNatively} for what hands over.
 */
export function parseJson(text: string): JsonValue {
  const native = readNatively(text);
  return native === HAND_OVER ? parseJsonExactly(text) : native;
}

/** Marks a document the native path must leave to the exact reader. */
const HAND_OVER: unique symbol = Symbol('hand over to the exact reader');

/**
 * Reads `text` with `JSON.parse` when that gives what Python's `json.loads`
 * gives, else returns HAND_OVER:
 * - a number written with a fraction or an exponent (`1.0` and `1e2` are
 *   Python floats, which JavaScript cannot tell from the int 1 or 100) or
 *   with more than 15 digits (it may be an int past 2^53, which Python keeps
 *   exact): see {@link mayHoldNumberBeyondSafeInts};
 * - a key that starts with a digit: JavaScript objects put integer-like
 *   keys ("1", "10") first, and Python keeps document order;
 * - nesting past MAX_JSON_NESTING, where the exact reader raises (these two
 *   are found in what JSON.parse made: see {@link keysOrNestingDiffer});
 * - anything `JSON.parse` refuses: `NaN` and `Infinity` (Python accepts
 *   them) and invalid text (the exact reader reports it in Python's words).
 * Duplicate keys need nothing: both keep the first position and the last
 * value, as a Python dict does; `__proto__` is an ordinary own key to
 * `JSON.parse`. Strings (escapes, lone surrogates) decode alike. `-0` reads
 * as JavaScript's -0, which prints and compares as Python's int 0.
 */
function readNatively(text: string): JsonValue | typeof HAND_OVER {
  if (mayHoldNumberBeyondSafeInts(text) && hasNumberBeyondSafeInts(text)) return HAND_OVER;
  let value: JsonValue;
  try {
    value = JSON.parse(text);
  } catch {
    // Invalid for JSON.parse: NaN or Infinity, which Python accepts, or an error the exact reader words as Python does.
    return HAND_OVER;
  }
  return keysOrNestingDiffer(value, MAX_JSON_NESTING) ? HAND_OVER : value;
}

/*
 * In valid JSON a number starts the document or follows `[`, `,` or `:`
 * (and whitespace). That pattern needs no knowledge of where strings are: a
 * regular expression finds it in one native pass. A match may lie inside a
 * string ("a,1.5"): only then does the exact scan below decide.
 */
const NUMBER_BEYOND_SAFE_INTS = /(?:^|[[,:])[ \t\n\r]*-?(?:\d{16}|\d+[.eE])/;

/** False when no number of the text can have a fraction, an exponent or more than 15 digits. */
function mayHoldNumberBeyondSafeInts(text: string): boolean {
  return NUMBER_BEYOND_SAFE_INTS.test(text);
}

/**
 * Whether a JSON.parse result has a key that starts with a digit (its
 * place in the object may not be its place in the text), or arrays and
 * objects nesting deeper than `levels` (JSON.parse itself has no limit).
 */
function keysOrNestingDiffer(value: JsonValue, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (keysOrNestingDiffer(value[i] as JsonValue, levels - 1)) return true;
    return false;
  }
  // JSON.parse makes only records (see value.ts); for-in is the fastest walk over their own keys.
  const record = value as JsonRecord;
  for (const key in record) {
    const first = key.charCodeAt(0);
    if (first >= DIGIT_LO && first <= DIGIT_HI) return true;
    if (keysOrNestingDiffer(record[key] as JsonValue, levels - 1)) return true;
  }
  return false;
}

/**
 * Whether a number outside strings has a fraction, an exponent or more than
 * 15 digits. Strings are skipped with indexOf (a quote preceded by an odd
 * number of backslashes is escaped). On invalid text the answer does not
 * matter: JSON.parse refuses it either way.
 */
function hasNumberBeyondSafeInts(text: string): boolean {
  const length = text.length;
  let digits = 0;
  for (let i = 0; i < length; ) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (;;) {
        const quote = text.indexOf('"', i + 1);
        if (quote < 0) return true;
        let before = quote - 1;
        while (text.charCodeAt(before) === 92) before--;
        i = quote;
        if ((quote - 1 - before) % 2 === 0) break;
      }
      i++;
      digits = 0;
      continue;
    }
    if (c >= DIGIT_LO && c <= DIGIT_HI) {
      if (++digits > 15) return true;
    } else {
      // '.', 'e' or 'E' right after a digit: a fraction or an exponent ("true"/"false" have no digit before 'e').
      if (digits > 0 && (c === 46 || c === 101 || c === 69)) return true;
      digits = 0;
    }
    i++;
  }
  return false;
}

/** The exact reader: Python's `json.loads` semantics on any text, and its error messages. */
export function parseJsonExactly(text: string): JsonValue {
  let pos = 0;
  let depth = 0;

  const fail = (
    reason: string,
    at: number,
    pythonType: 'JSONDecodeError' | 'RecursionError' = 'JSONDecodeError',
  ): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    // Python counts code points; JS offsets count UTF-16 units.
    const codePoints = (s: string): number => Array.from(s).length;
    throw new JsonSyntaxError(
      reason,
      line,
      codePoints(text.slice(at - column + 1, at)) + 1,
      codePoints(before),
      pythonType,
    );
  };

  const skipWs = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return;
    }
  };

  const nested = <T>(container: () => T): T => {
    if (++depth > MAX_JSON_NESTING)
      fail(`Arrays and objects nest deeper than ${MAX_JSON_NESTING} levels`, pos, 'RecursionError');
    const result = container();
    depth--;
    return result;
  };

  const value = (): JsonValue => {
    const c = text.charCodeAt(pos);
    if (c === 34) return string();
    if (c === 123) return nested(object);
    if (c === 91) return nested(array);
    if ((c >= DIGIT_LO && c <= DIGIT_HI) || (c === 45 && isDigit(text.charCodeAt(pos + 1)))) return number();
    if (text.startsWith('null', pos)) return ((pos += 4), null);
    if (text.startsWith('true', pos)) return ((pos += 4), true);
    if (text.startsWith('false', pos)) return ((pos += 5), false);
    if (text.startsWith('NaN', pos)) return ((pos += 3), pyFloat(NaN));
    if (text.startsWith('Infinity', pos)) return ((pos += 8), pyFloat(Infinity));
    if (text.startsWith('-Infinity', pos)) return ((pos += 9), pyFloat(-Infinity));
    return fail('Expecting value', pos);
  };

  const number = (): JsonValue => {
    const start = pos;
    if (text.charCodeAt(pos) === 45) pos++;
    if (text.charCodeAt(pos) === DIGIT_LO) pos++;
    else while (isDigit(text.charCodeAt(pos))) pos++;
    let isFloat = false;
    if (text.charCodeAt(pos) === 46 && isDigit(text.charCodeAt(pos + 1))) {
      isFloat = true;
      pos += 2;
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 101 || e === 69) {
      const sign = text.charCodeAt(pos + 1);
      const digitAt = sign === 43 || sign === 45 ? pos + 2 : pos + 1;
      if (isDigit(text.charCodeAt(digitAt))) {
        isFloat = true;
        pos = digitAt + 1;
        while (isDigit(text.charCodeAt(pos))) pos++;
      }
    }
    const literal = text.slice(start, pos);
    return isFloat ? pyFloat(Number(literal)) : parsePyInt(literal);
  };

  const string = (): string => {
    const start = pos++;
    // Fast path: a run of plain characters up to the closing quote.
    PLAIN.lastIndex = pos;
    PLAIN.test(text);
    if (text.charCodeAt(PLAIN.lastIndex) === 34) {
      const plain = text.slice(pos, PLAIN.lastIndex);
      pos = PLAIN.lastIndex + 1;
      return plain;
    }
    let out = '';
    let chunk = pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(chunk, pos++);
        return out;
      }
      if (c === 92) {
        out += text.slice(chunk, pos);
        out += readEscape(start);
        chunk = pos;
      } else if (c < 32 || Number.isNaN(c)) {
        if (Number.isNaN(c)) fail('Unterminated string starting at', start);
        fail('Invalid control character at', pos);
      } else {
        pos++;
      }
    }
  };

  const readEscape = (stringStart: number): string => {
    const c = text[pos + 1];
    if (c === undefined) fail('Unterminated string starting at', stringStart);
    pos += 2;
    switch (c) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = text.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape', pos - 1);
        pos += 4;
        // Lone surrogates are kept, as Python does; pairs combine naturally in UTF-16.
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return fail('Invalid \\escape', pos - 2);
    }
  };

  const object = (): JsonObject => {
    const result: JsonObject = new Map();
    pos++;
    skipWs();
    if (text.charCodeAt(pos) === 125) return (pos++, result);
    for (;;) {
      if (text.charCodeAt(pos) !== 34) fail('Expecting property name enclosed in double quotes', pos);
      const key = string();
      skipWs();
      if (text.charCodeAt(pos) !== 58) fail("Expecting ':' delimiter", pos);
      pos++;
      skipWs();
      result.set(key, value());
      skipWs();
      const c = text.charCodeAt(pos);
      if (c === 125) return (pos++, result);
      if (c !== 44) fail("Expecting ',' delimiter", pos);
      pos++;
      skipWs();
    }
  };

  const array = (): JsonValue[] => {
    const result: JsonValue[] = [];
    pos++;
    skipWs();
    if (text.charCodeAt(pos) === 93) return (pos++, result);
    for (;;) {
      result.push(value());
      skipWs();
      const c = text.charCodeAt(pos);
      if (c === 93) return (pos++, result);
      if (c !== 44) fail("Expecting ',' delimiter", pos);
      pos++;
      skipWs();
    }
  };

  skipWs();
  const result = value();
  skipWs();
  if (pos < text.length) fail('Extra data', pos);
  return result;
}

function isDigit(c: number): boolean {
  return c >= DIGIT_LO && c <= DIGIT_HI;
}
