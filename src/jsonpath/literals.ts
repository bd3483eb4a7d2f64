/**
 * Literal values inside expressions (`value`, `obj`, `array` of
 * JSONPath.g4). Strings keep their raw text (upstream never decodes
 * escapes); numbers with `.`/`e`/`E` are floats, others arbitrary-precision
 * ints; objects keep key order with the last duplicate winning.
 */
import type { Cursor, TokenSet } from './cursor.js';
import { T } from './lexer.js';
import { type JsonValue, parsePyInt, pyFloat } from './value.js';

/** Tokens that can start a literal. */
export const FIRST_VALUE: TokenSet = [T.TRUE, T.FALSE, T.NULL, T.LBRACE, T.LBRACKET, T.STRING, T.NUMBER];

/** Parses one literal (rule `value : STRING | NUMBER | obj | array | 'true' | 'false' | 'null'`). */
export function literalValue(c: Cursor): JsonValue {
  c.syncBlock(FIRST_VALUE);
  const token = c.lt(1);
  switch (token.type) {
    case T.LBRACE:
      return object(c);
    case T.LBRACKET:
      return array(c);
  }
  c.take();
  switch (token.type) {
    case T.STRING:
      return token.text.slice(1, -1);
    case T.TRUE:
      return true;
    case T.FALSE:
      return false;
    case T.NULL:
      return null;
    default:
      return /[.eE]/.test(token.text) ? pyFloat(Number(token.text)) : parsePyInt(token.text);
  }
}

// obj : '{' pair (',' pair)* '}' | '{' '}'   (ANTLR predicts with two tokens)
function object(c: Cursor): JsonValue {
  const second = c.lt(2);
  if (second.type !== T.STRING && second.type !== T.RBRACE) c.noViableAlternative(second);
  c.take();
  const result = new Map<string, JsonValue>();
  if (second.type === T.RBRACE) return (c.take(), result);
  const pair = (): void => {
    const key = c.expect(T.STRING, [T.COLON]).text.slice(1, -1);
    c.expect(T.COLON, FIRST_VALUE);
    result.set(key, literalValue(c));
  };
  pair();
  c.syncBlock([T.RBRACE, T.COMMA]);
  while (c.la(1) === T.COMMA) {
    c.take();
    pair();
    c.syncLoopBack([T.RBRACE, T.COMMA]);
  }
  c.expect(T.RBRACE, []);
  return result;
}

// array : '[' value (',' value)* ']' | '[' ']'
function array(c: Cursor): JsonValue {
  const second = c.lt(2);
  if (second.type !== T.RBRACKET && !FIRST_VALUE.includes(second.type)) c.noViableAlternative(second);
  c.take();
  const result: JsonValue[] = [];
  if (second.type === T.RBRACKET) return (c.take(), result);
  result.push(literalValue(c));
  c.syncBlock([T.RBRACKET, T.COMMA]);
  while (c.la(1) === T.COMMA) {
    c.take();
    result.push(literalValue(c));
    c.syncLoopBack([T.RBRACKET, T.COMMA]);
  }
  c.expect(T.RBRACKET, []);
  return result;
}

/**
 * jsonpath2 never unescapes string literals and reads route files as ASCII
 * (SPEC.md 2.2), so a value holding a double quote, a backslash, a control
 * or a non-ASCII character can never be matched by any route. Returns the
 * problem, or undefined when the value can be matched.
 */
export function unmatchableReason(value: string): string | undefined {
  if (value.includes('"')) return 'contains a double quote (")';
  if (value.includes('\\')) return 'contains a backslash (\\)';
  if (/[\x00-\x1f\x7f]/.test(value)) return 'contains a control character (such as a newline or tab)';
  if (/[^\x00-\x7f]/.test(value)) return 'contains a non-ASCII character';
  return undefined;
}
