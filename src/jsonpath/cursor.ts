/**
 * The parser's view of the token stream, with ANTLR's default error
 * strategy reproduced: upstream installs an error listener that raises on
 * the first report, so whatever ANTLR *reports* first — "extraneous input",
 * "missing X at Y", "mismatched input", "no viable alternative", a failed
 * predicate — is the error, with ANTLR's line:column and wording.
 */
import type { Source } from './ast.js';
import { JsonPathSyntaxError } from './errors.js';
import { T, TOKEN_DISPLAY, type Token, type TokenStream, tokenStream } from './lexer.js';

/** A token type set, as the list of member types. */
export type TokenSet = readonly number[];

export interface Cursor {
  /** Type of the k-th token ahead. */
  la(k: number): number;
  lt(k: number): Token;
  /** Consumes and returns the current token. */
  take(): Token;
  /**
   * `match(type)`: consume a token the grammar requires here. `followAfter`
   * is what may come after it in the current context (ANTLR's single-token
   * insertion test: "missing X at Y").
   */
  expect(type: number, followAfter: TokenSet): Token;
  /** ANTLR `sync` at a block start or loop entry whose alternatives cannot be skipped. */
  syncBlock(expected: TokenSet): void;
  /** ANTLR `sync` at a loop back edge: any stray token is "extraneous". */
  syncLoopBack(expected: TokenSet): void;
  /** ANTLR's failed semantic predicate `{self.tryCast(int)}?` in `rule`. */
  failedPredicate(rule: string): never;
  /** Adaptive prediction found no alternative: start token through `offending`. */
  noViableAlternative(offending: Token): never;
  readonly source: Source;
}

/** How ANTLR shows an expected set: one token bare, several in braces, in vocabulary order. */
export function displaySet(set: TokenSet): string {
  const sorted = [...new Set(set)].sort((a, b) => a - b).map((type) => TOKEN_DISPLAY[type] ?? String(type));
  return sorted.length === 1 ? (sorted[0] as string) : `{${sorted.join(', ')}}`;
}

const escapeWs = (text: string): string => text.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
const display = (token: Token): string => `'${escapeWs(token.text)}'`;

/** Opens a cursor over the path source. */
export function openCursor(source: Source, contains: boolean): Cursor {
  const stream: TokenStream = tokenStream(source, contains);
  const fail = (token: Token, reason: string): never => {
    throw JsonPathSyntaxError.at(source, token.start, reason);
  };
  const extraneous = (expected: TokenSet): never =>
    fail(stream.LT(1), `extraneous input ${display(stream.LT(1))} expecting ${displaySet(expected)}`);
  const mismatched = (expected: TokenSet): never =>
    fail(stream.LT(1), `mismatched input ${display(stream.LT(1))} expecting ${displaySet(expected)}`);
  const take = (): Token => {
    const token = stream.LT(1);
    stream.consume();
    return token;
  };

  return {
    source,
    la: (k) => stream.LT(k).type,
    lt: (k) => stream.LT(k),
    take,
    expect(type, followAfter) {
      if (stream.LT(1).type === type) return take();
      // Single-token deletion: the token after the stray one is the expected one.
      if (stream.LT(2).type === type) extraneous([type]);
      // Single-token insertion: the current token could follow the missing one.
      const current = stream.LT(1);
      if (followAfter.includes(current.type)) fail(current, `missing ${displaySet([type])} at ${display(current)}`);
      return mismatched([type]);
    },
    syncBlock(expected) {
      if (expected.includes(stream.LT(1).type)) return;
      if (expected.includes(stream.LT(2).type)) extraneous(expected);
      mismatched(expected);
    },
    syncLoopBack(expected) {
      if (!expected.includes(stream.LT(1).type)) extraneous(expected);
    },
    failedPredicate(rule) {
      return fail(stream.LT(1), `rule ${rule} failed predicate: {self.tryCast(int)}?`);
    },
    noViableAlternative(offending) {
      // ANTLR concatenates the token texts (whitespace is skipped, EOF left out).
      const start = stream.LT(1);
      let text = '';
      for (let k = 1; ; k++) {
        const token = stream.LT(k);
        if (token.type !== T.EOF) text += token.text;
        if (token === offending || token.type === T.EOF) break;
      }
      return fail(offending, `no viable alternative at input '${escapeWs(text || start.text)}'`);
    },
  };
}
