/**
 * The jsonpath2 lexer: ANTLR's longest-match rules for JSONPath.g4 (SPEC §2).
 * Tokens are produced on demand, one ahead of the parser, exactly when
 * ANTLR's CommonTokenStream would fetch them — that decides whether a lexer
 * or a parser error is reported first for a broken path.
 */

import type { Source } from './ast.js';
import { JsonPathSyntaxError } from './errors.js';

/** Token types, numbered as in ANTLR's vocabulary: expected-token sets print in this order. */
export const T = {
  EOF: -1,
  CURRENT: 1,
  DOTDOT: 2,
  ROOT: 3,
  DOT: 4,
  STAR: 5,
  AND: 6,
  EQ: 7,
  GE: 8,
  GT: 9,
  LE: 10,
  LT: 11,
  NE: 12,
  NOT: 13,
  OR: 14,
  TRUE: 15,
  FALSE: 16,
  NULL: 17,
  LBRACE: 18,
  RBRACE: 19,
  LBRACKET: 20,
  RBRACKET: 21,
  COLON: 22,
  COMMA: 23,
  LPAREN: 24,
  RPAREN: 25,
  QUESTION: 26,
  ID: 27,
  STRING: 28,
  NUMBER: 29,
  // Only in the HEAD dialect; numbered last because it never appears in an expected set.
  CONTAINS: 31,
} as const;

/** How ANTLR names a token type in "expecting …" messages. */
export const TOKEN_DISPLAY: Readonly<Record<number, string>> = {
  [T.EOF]: '<EOF>',
  [T.CURRENT]: "'@'",
  [T.DOTDOT]: "'..'",
  [T.ROOT]: "'$'",
  [T.DOT]: "'.'",
  [T.STAR]: "'*'",
  [T.AND]: "'and'",
  [T.EQ]: "'='",
  [T.GE]: "'>='",
  [T.GT]: "'>'",
  [T.LE]: "'<='",
  [T.LT]: "'<'",
  [T.NE]: "'!='",
  [T.NOT]: "'not'",
  [T.OR]: "'or'",
  [T.TRUE]: "'true'",
  [T.FALSE]: "'false'",
  [T.NULL]: "'null'",
  [T.LBRACE]: "'{'",
  [T.RBRACE]: "'}'",
  [T.LBRACKET]: "'['",
  [T.RBRACKET]: "']'",
  [T.COLON]: "':'",
  [T.COMMA]: "','",
  [T.LPAREN]: "'('",
  [T.RPAREN]: "')'",
  [T.QUESTION]: "'?'",
  [T.ID]: 'ID',
  [T.STRING]: 'STRING',
  [T.NUMBER]: 'NUMBER',
  [T.CONTAINS]: "'contains'",
};

export interface Token {
  readonly type: number;
  readonly text: string;
  /** UTF-16 offset of the first character. */
  readonly start: number;
  /** 1-based line. */
  readonly line: number;
  /** 0-based column in code points (ANTLR's convention). */
  readonly column: number;
}

const SINGLE: Readonly<Record<string, number>> = {
  '@': T.CURRENT,
  $: T.ROOT,
  '*': T.STAR,
  '=': T.EQ,
  '{': T.LBRACE,
  '}': T.RBRACE,
  '[': T.LBRACKET,
  ']': T.RBRACKET,
  ':': T.COLON,
  ',': T.COMMA,
  '(': T.LPAREN,
  ')': T.RPAREN,
  '?': T.QUESTION,
};

// A Map, not an object literal: a word such as `constructor` must not find Object.prototype's.
const KEYWORDS: ReadonlyMap<string, number> = new Map([
  ['and', T.AND],
  ['or', T.OR],
  ['not', T.NOT],
  ['true', T.TRUE],
  ['false', T.FALSE],
  ['null', T.NULL],
]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isIdPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isHex = (c: string | undefined): boolean => c !== undefined && /[0-9a-fA-F]/.test(c);

/** A lazily lexed token sequence with ANTLR's lookahead interface. */
export interface TokenStream {
  /** The k-th token ahead (1 = current), lexing as far as needed. */
  LT(k: number): Token;
  /** Moves past the current token and, like ANTLR, lexes the one after it. */
  consume(): void;
}

/** Creates the token stream for a path source. `contains` makes `contains` a keyword (HEAD). */
export function tokenStream(source: Source, contains: boolean): TokenStream {
  const text = source.text;
  const tokens: Token[] = [];
  let index = 0;
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const columnOf = (offset: number): number => {
    let column = 0;
    for (let i = lineStart; i < offset; i++) {
      const code = text.charCodeAt(i);
      if (code < 0xdc00 || code > 0xdfff || i === lineStart) column++;
    }
    return column;
  };

  const advanceTo = (end: number): void => {
    for (let i = pos; i < end; i++) {
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    pos = end;
  };

  // ANTLR's "token recognition error": the text runs from the token start to the failing char, inclusive.
  const recognitionError = (start: number, failAt: number): never => {
    const failChar = text.codePointAt(failAt);
    const stop = failChar === undefined ? failAt : failAt + (failChar > 0xffff ? 2 : 1);
    const shown = text.slice(start, stop).replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
    throw JsonPathSyntaxError.at(source, start, `token recognition error at: '${shown}'`);
  };

  const scanString = (start: number): number => {
    let i = start + 1;
    for (;;) {
      const c = text[i];
      if (c === undefined) return recognitionError(start, i);
      if (c === '"') return i + 1;
      if (c === '\\') {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u') {
          for (let h = 2; h < 6; h++) if (!isHex(text[i + h])) return recognitionError(start, i + h);
          i += 6;
        } else return recognitionError(start, i + 1);
      } else if (c.charCodeAt(0) < 0x20) return recognitionError(start, i);
      else i++;
    }
  };

  // NUMBER: '-'? INT ('.' [0-9]+)? ([Ee] [+-]? INT)? with fallback to the longest complete prefix.
  const scanNumber = (start: number): number => {
    let i = start;
    if (text[i] === '-') i++;
    if (!isDigit(text[i])) return recognitionError(start, i);
    if (text[i] === '0') i++;
    else while (isDigit(text[i])) i++;
    if (text[i] === '.' && isDigit(text[i + 1])) {
      i += 2;
      while (isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      let j = i + 1;
      if (text[j] === '+' || text[j] === '-') j++;
      if (isDigit(text[j])) {
        if (text[j] === '0') j++;
        else while (isDigit(text[j])) j++;
        i = j;
      }
    }
    return i;
  };

  const lexOne = (): Token => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] as string)) advanceTo(pos + 1);
    const start = pos;
    const make = (type: number, end: number): Token => {
      const token = { type, text: text.slice(start, end), start, line, column: columnOf(start) };
      advanceTo(end);
      return token;
    };
    const c = text[pos];
    if (c === undefined) return { type: T.EOF, text: '<EOF>', start, line, column: columnOf(start) };
    const single = SINGLE[c];
    if (single !== undefined) return make(single, pos + 1);
    const next = text[pos + 1];
    switch (c) {
      case '.':
        return next === '.' ? make(T.DOTDOT, pos + 2) : make(T.DOT, pos + 1);
      case '>':
        return next === '=' ? make(T.GE, pos + 2) : make(T.GT, pos + 1);
      case '<':
        return next === '=' ? make(T.LE, pos + 2) : make(T.LT, pos + 1);
      case '!':
        return next === '=' ? make(T.NE, pos + 2) : recognitionError(pos, pos + 1);
      case '"':
        return make(T.STRING, scanString(pos));
    }
    if (c === '-' || isDigit(c)) return make(T.NUMBER, scanNumber(pos));
    if (isIdStart(c)) {
      let end = pos + 1;
      while (isIdPart(text[end])) end++;
      const word = text.slice(pos, end);
      const keyword = KEYWORDS.get(word) ?? (contains && word === 'contains' ? T.CONTAINS : undefined);
      return make(keyword ?? T.ID, end);
    }
    return recognitionError(pos, pos);
  };

  const fetch = (i: number): Token => {
    while (tokens.length <= i) {
      const last = tokens[tokens.length - 1];
      if (last?.type === T.EOF) return last;
      tokens.push(lexOne());
    }
    return tokens[i] as Token;
  };

  return {
    LT: (k) => fetch(index + k - 1),
    consume: () => {
      index++;
      fetch(index);
    },
  };
}
