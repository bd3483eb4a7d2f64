/**
 * Writing values as Python's `json.dumps` does. jsonpath2 prints keys and
 * literals this way (ASCII-only escapes, Python float repr), and the CLI
 * prints match values this way so that `1.0` stays `1.0` and a batch can be
 * compared with upstream byte for byte.
 */
import { JsonFloat, type JsonValue } from './value.js';

/** Options for {@link toJson}. */
export interface ToJsonOptions {
  /** Escape every code point >= U+007F as `\uXXXX` (Python's default). Default false. */
  ensureAscii?: boolean;
  /** Python's default separators `", "` and `": "` instead of compact `,`/`:`. Default false. */
  python?: boolean;
}

/**
 * Serialises a document value. With `{ python: true, ensureAscii: true }` the
 * output equals Python `json.dumps(value)`; floats always use Python's repr
 * (`1.0`, `1e-07`, `1e+16`), and non-finite floats print as `NaN`/`Infinity`
 * like Python (not valid strict JSON).
 */
export function toJson(value: JsonValue, options: ToJsonOptions = {}): string {
  // The keys of printed paths, one call each: no writer needed.
  if (typeof value === 'string') return quote(value, options.ensureAscii ?? false);
  const pieces: string[] = [];
  const writer = jsonWriter((text) => pieces.push(text), options);
  writer.value(value);
  writer.flush();
  return pieces.join('');
}

/** Text handed on in pieces: see {@link jsonWriter}. */
export interface JsonWriter {
  /** Appends the text of a value, as {@link toJson} writes it. */
  value(value: JsonValue): void;
  /** Appends text as it is. */
  text(text: string): void;
  /** Hands on whatever is pending. */
  flush(): void;
}

/**
 * About how much text a {@link JsonWriter} gathers before handing it on:
 * enough that writing costs few calls, little enough that a large document
 * never becomes one string (building and flattening that string, and the
 * memory it takes, cost more than all the printing).
 */
const PIECE_LENGTH = 1 << 16;

/** How many quoted keys a {@link JsonWriter} keeps for reuse. */
const KEY_TEXTS_KEPT = 1024;

/**
 * Writes values as {@link toJson} does, handing the text to `write` in
 * pieces of about PIECE_LENGTH characters, each ending between two items of
 * an array or an object, and whatever is left at `flush()`.
 */
export function jsonWriter(write: (text: string) => void, options: ToJsonOptions = {}): JsonWriter {
  const itemSep = options.python ? ', ' : ',';
  const keySep = options.python ? ': ' : ':';
  const ascii = options.ensureAscii ?? false;
  let pending = '';
  // Documents repeat their keys (each data item has the same ten): each is quoted once, up to a bound for
  // objects whose keys are all different.
  const keyTexts = new Map<string, string>();
  const keyText = (key: string): string => {
    let text = keyTexts.get(key);
    if (text === undefined) {
      text = quote(key, ascii) + keySep;
      if (keyTexts.size < KEY_TEXTS_KEPT) keyTexts.set(key, text);
    }
    return text;
  };
  const handOnFull = (): void => {
    if (pending.length < PIECE_LENGTH) return;
    write(pending);
    pending = '';
  };
  const append = (v: JsonValue): void => {
    if (typeof v === 'string') pending += quote(v, ascii);
    else if (typeof v === 'number' || typeof v === 'bigint') pending += String(v);
    else if (v === null) pending += 'null';
    else if (typeof v === 'boolean') pending += v ? 'true' : 'false';
    else if (Array.isArray(v)) {
      pending += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) pending += itemSep;
        append(v[i] as JsonValue);
        handOnFull();
      }
      pending += ']';
    } else if (v instanceof JsonFloat) pending += floatRepr(v.float);
    else if (v instanceof Map) {
      let sep = '';
      pending += '{';
      for (const [key, item] of v) {
        pending += sep + keyText(key);
        sep = itemSep;
        append(item);
        handOnFull();
      }
      pending += '}';
    } else {
      let sep = '';
      pending += '{';
      // A JsonRecord's own keys, in document order (JSON.parse objects inherit no enumerable key).
      for (const key in v) {
        pending += sep + keyText(key);
        sep = itemSep;
        append(v[key] as JsonValue);
        handOnFull();
      }
      pending += '}';
    }
  };
  return {
    value: append,
    text(text) {
      pending += text;
    },
    flush() {
      if (pending === '') return;
      write(pending);
      pending = '';
    },
  };
}

/** Python `json.dumps(value)` exactly (ASCII escapes, `", "` separators). */
export function pyDumps(value: JsonValue): string {
  return toJson(value, { python: true, ensureAscii: true });
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Characters that need escaping: quote, backslash, controls, and (ASCII mode) anything >= U+007F.
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const NEEDS_ESCAPE_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/;

/** A JSON string literal as Python writes it. */
export function quote(text: string, ensureAscii: boolean): string {
  if (!(ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE).test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    // UTF-16 units map one-to-one onto Python's surrogate-pair escapes.
    else if (code < 0x20 || (ensureAscii && code >= 0x7f)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Python `repr(float)` as `json.dumps` prints it: shortest round-trip digits,
 * always a `.0` or an exponent, exponent form when the decimal exponent is
 * below -4 or at least 16, exponent with sign and two or more digits.
 */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // toExponential() without an argument gives the shortest round-trip digits.
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(value.toExponential());
  if (!match) throw new Error(`unexpected float form ${value}`);
  const [, sign, first, rest = '', expText] = match as unknown as [string, string, string, string | undefined, string];
  const exponent = Number(expText);
  const digits = first + rest;
  if (exponent < -4 || exponent >= 16) {
    const mantissa = rest ? `${first}.${rest}` : first;
    const expDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${expDigits}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fraction || '0'}`;
}
