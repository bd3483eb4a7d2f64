/**
 * Escapers: user text -> a literal of the target language. Templates never
 * paste a value raw; they call one of these (as `py()`, `json()`, `yaml()`,
 * `toml()`, `md()`, `mdCode()`, `line()`). Each is pure and total: any
 * JavaScript string, including lone surrogates and NUL, gives valid output.
 */

const hex = (code: number, width: number): string => code.toString(16).toUpperCase().padStart(width, '0');

/** Code points of `text`, with each lone surrogate kept as its own code unit. */
function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) ?? 0);
}

const isSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdfff;
/** Line terminators in some target (JS, YAML 1.1, Markdown renderers, Python's str.splitlines). */
const isLineBreak = (code: number): boolean =>
  code === 0x0a ||
  code === 0x0b ||
  code === 0x0c ||
  code === 0x0d ||
  code === 0x1c ||
  code === 0x1d ||
  code === 0x1e ||
  code === 0x85 ||
  code === 0x2028 ||
  code === 0x2029;
const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/**
 * `text` between `quote` characters: each code point in `short` by its short
 * escape, every other one as `other` gives it (itself, or an escape).
 */
function quoted(text: string, quote: string, short: Record<number, string>, other: (code: number) => string): string {
  let out = quote;
  for (const code of codePoints(text)) out += short[code] ?? other(code);
  return out + quote;
}

const PY_SHORT: Record<number, string> = { 0x5c: '\\\\', 0x27: "\\'", 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

/**
 * A Python 3 string literal, single-quoted and pure ASCII (valid in a source
 * file of any encoding): non-ASCII as \xXX, \uXXXX or \UXXXXXXXX.
 */
export function py(text: string): string {
  return quoted(text, "'", PY_SHORT, (code) => {
    if (code >= 0x20 && code < 0x7f) return String.fromCodePoint(code);
    if (code <= 0xff) return `\\x${hex(code, 2)}`;
    return code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
  });
}

/**
 * JSON text for a value (JSON.stringify), with U+2028/U+2029 escaped too so
 * the result is also a valid JavaScript literal. Lone surrogates come out
 * as \uDXXX (well-formed JSON.stringify).
 */
export function json(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  if (text === undefined) throw new TypeError(`json(): ${typeof value} has no JSON form`);
  return text.replace(/[\u2028\u2029]/g, (char) => `\\u${hex(char.charCodeAt(0), 4)}`);
}

const YAML_SHORT: Record<number, string> = {
  0x00: '\\0',
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\e',
  0x22: '\\"',
  0x5c: '\\\\',
  0x85: '\\N',
  0xa0: '\\_',
  0x2028: '\\L',
  0x2029: '\\P',
};

/**
 * A YAML double-quoted scalar (YAML 1.1 and 1.2): never a number, boolean,
 * null, anchor, alias or comment. Characters outside YAML's printable set
 * are escaped; a lone surrogate (not representable) becomes U+FFFD.
 */
export function yaml(text: string): string {
  return quoted(text, '"', YAML_SHORT, (code) => {
    if (isSurrogate(code)) return '\\uFFFD';
    if (isControl(code) || code === 0xfeff || code === 0xfffe || code === 0xffff) {
      return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
    }
    return String.fromCodePoint(code);
  });
}

const TOML_SHORT: Record<number, string> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/**
 * A TOML basic string ("..."). Control characters are escaped as \uXXXX; a
 * lone surrogate (not a Unicode scalar value, so not allowed) becomes U+FFFD.
 */
export function toml(text: string): string {
  return quoted(text, '"', TOML_SHORT, (code) => {
    if (isSurrogate(code)) return '\\uFFFD';
    return code < 0x20 || code === 0x7f ? `\\u${hex(code, 4)}` : String.fromCodePoint(code);
  });
}

/**
 * One line of plain text (LICENSE, Markdown, comments): every line break and
 * control character becomes a space, NUL and lone surrogates U+FFFD.
 */
export function line(text: string): string {
  let out = '';
  for (const code of codePoints(text)) {
    if (code === 0 || isSurrogate(code)) out += '\uFFFD';
    else if (code === 0x09) out += '\t';
    else if (isLineBreak(code) || isControl(code)) out += ' ';
    else out += String.fromCodePoint(code);
  }
  return out;
}

/**
 * Inline Markdown (CommonMark/GFM) that renders as exactly the given text:
 * one line (see `line`); the characters that open emphasis, code, links,
 * HTML, entities, tables, strikethrough or math backslash-escaped; and a
 * leading `#`, `-`, `+`, `=`, `>` or `1.` escaped so no heading, list,
 * quote or rule can begin. Leading spaces become entities (no code block).
 */
export function md(text: string): string {
  const escaped = line(text)
    .replace(/\t/g, ' ')
    .replace(/[\\`*_[\]()|<>&~$]/g, '\\$&')
    .replace(/^( *)([-+=#])/, '$1\\$2')
    .replace(/^( *)(\d+)\./, '$1$2\\.');
  return escaped.replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length));
}

/** An inline Markdown code span holding the text (one line, see `line`). */
export function mdCode(text: string): string {
  const body = line(text).replace(/\t/g, ' ');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (/^ .* $/.test(body) && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A fenced Markdown code block holding `text` verbatim: the fence is longer
 * than any backtick run in the text, so the text cannot close it.
 */
export function mdFence(text: string, info = ''): string {
  const longestRun = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `${fence}${line(info).replace(/[`\s]/g, '')}\n${body}${fence}`;
}

/**
 * A Python identifier made of [a-z0-9_] from arbitrary text (for test method
 * names): other characters become "_", runs collapse, and it never starts
 * with a digit. Empty input gives "x". Uniqueness is the caller's job.
 */
export function pyIdentifier(text: string, maxLength = 48): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxLength)
    .replace(/_+$/, '');
  if (slug === '') return 'x';
  return /^[0-9]/.test(slug) ? `_${slug}` : slug;
}
