/**
 * The jsonpath2 parser: a recursive-descent rendering of JSONPath.g4 that
 * builds the AST upstream's listener builds (SPEC §3) and reports the same
 * first error ANTLR would (see cursor.ts). Each function is one grammar rule;
 * the token sets passed to sync/expect are that rule's ANTLR lookahead sets.
 */
import {
  CALLABLE_NAMES,
  type CallableName,
  type ComparisonOperator,
  type Expression,
  type JsonPath,
  type Literal,
  type Operand,
  type PathNode,
  type Source,
  type Step,
  type Subscript,
  type SubscriptStep,
} from './ast.js';
import { type Cursor, openCursor, type TokenSet } from './cursor.js';
import { JsonPathSyntaxError } from './errors.js';
import { T, type Token } from './lexer.js';
import { FIRST_VALUE, literalValue } from './literals.js';
import { type PyInt, parsePyInt } from './value.js';

/** Options for {@link parsePath}. */
export interface ParseOptions {
  /** Shown in error messages; defaults to `<expression>`. */
  file?: string;
  /** Parse the HEAD dialect, where `contains` is an operator (jsonpath2 0.4.5 has none). */
  contains?: boolean;
}

const FIRST_OPERAND: TokenSet = [T.CURRENT, T.ROOT, ...FIRST_VALUE];
const FIRST_EXPRESSION: TokenSet = [...FIRST_OPERAND, T.NOT, T.LPAREN];
const FIRST_SUBSCRIPTABLE: TokenSet = [T.CURRENT, T.ROOT, T.STAR, T.COLON, T.QUESTION, T.ID, T.STRING, T.NUMBER];
const FIRST_STEP: TokenSet = [T.DOTDOT, T.DOT, T.LBRACKET];
const COMPARISONS: Readonly<Record<number, ComparisonOperator>> = {
  [T.EQ]: '=',
  [T.NE]: '!=',
  [T.LT]: '<',
  [T.LE]: '<=',
  [T.GT]: '>',
  [T.GE]: '>=',
  [T.CONTAINS]: 'contains',
};
const TERMINAL: Step = { kind: 'terminal' };

/**
 * How deep rules may nest (steps after `$`, `not`, parentheses, filters in
 * filters). Every stage after the parser walks the AST recursively, and
 * upstream itself stops at Python's recursion limit (1000) well before
 * this; real routes nest a few dozen levels at most.
 */
export const MAX_PATH_NESTING = 1000;

/**
 * Parses a jsonpath2 path (`Path.parse_str`). Throws {@link JsonPathSyntaxError}
 * (exit code 2) for syntax errors and unknown callables, with upstream's
 * exception type, message and line:column.
 */
export function parsePath(text: string, options: ParseOptions = {}): JsonPath {
  const source: Source = { text, file: options.file ?? '<expression>' };
  const contains = options.contains ?? false;
  const cursor = openCursor(source, contains);
  let unknownCallable: Token | undefined;
  const g = grammar(cursor, source, (token) => {
    unknownCallable ??= token;
  });
  const root = g.jsonpath();
  // Upstream builds the AST after parsing, so any syntax error wins over an unknown name.
  if (unknownCallable) throw JsonPathSyntaxError.unknownCallable(source, unknownCallable.start, unknownCallable.text);
  return { root, source, contains };
}

/** One function per grammar rule, closed over the cursor. */
function grammar(c: Cursor, source: Source, onUnknownCallable: (name: Token) => void) {
  const isInt = (token: Token): boolean => /^-?\d+$/.test(token.text);
  let depth = 0;
  /** `rule`, refused past MAX_PATH_NESTING levels instead of overflowing the stack. */
  const nested =
    <R>(rule: () => R): (() => R) =>
    () => {
      if (++depth > MAX_PATH_NESTING) {
        depth = 0;
        throw JsonPathSyntaxError.tooDeep(source, c.lt(1).start, MAX_PATH_NESTING);
      }
      try {
        return rule();
      } finally {
        depth = Math.max(0, depth - 1);
      }
    };

  // jsonpath : '$' subscript? EOF
  const jsonpath = (): PathNode & { kind: 'root' } => {
    c.expect(T.ROOT, [...FIRST_STEP, T.EOF]);
    c.syncBlock([T.EOF, ...FIRST_STEP]);
    const next = FIRST_STEP.includes(c.la(1)) ? subscript() : TERMINAL;
    c.expect(T.EOF, []);
    return { kind: 'root', next };
  };

  // jsonpath_ : ('$' | '@') subscript?   (callers have checked the first token)
  const relativePath = (): PathNode => {
    const kind = c.take().type === T.ROOT ? 'root' : 'current';
    return { kind, next: FIRST_STEP.includes(c.la(1)) ? subscript() : TERMINAL };
  };

  const rest = (): Step => (FIRST_STEP.includes(c.la(1)) ? subscript() : TERMINAL);

  // subscript : '..' (bareword | subscriptables) subscript? | '.' bareword subscript? | subscriptables subscript?
  const subscript = nested((): Step => {
    const first = c.la(1);
    if (first === T.DOTDOT) {
      c.take();
      c.syncBlock([T.STAR, T.LBRACKET, T.ID]);
      const items = c.la(1) === T.LBRACKET ? subscriptables() : [bareword()];
      const inner: SubscriptStep = { kind: 'subscript', subscripts: items, next: rest() };
      return { kind: 'descent', inner };
    }
    let items: Subscript[];
    if (first === T.DOT) {
      c.take();
      items = [bareword()];
    } else {
      items = subscriptables();
    }
    return { kind: 'subscript', subscripts: items, next: rest() };
  });

  // subscriptableBareword : ID subscriptableArguments? | '*'
  const bareword = (): Subscript => {
    c.syncBlock([T.STAR, T.ID]);
    if (c.la(1) === T.STAR) return (c.take(), { kind: 'wildcard' });
    const name = c.take();
    return c.la(1) === T.LPAREN ? call(name) : { kind: 'key', key: name.text };
  };

  const call = (name: Token): Subscript => {
    const args = callArguments();
    if (!(CALLABLE_NAMES as readonly string[]).includes(name.text)) onUnknownCallable(name);
    return { kind: 'call', name: name.text as CallableName, args };
  };

  // subscriptableArguments : '(' (jsonpath__ (',' jsonpath__)*)? ')'
  const callArguments = (): Operand[] => {
    c.expect(T.LPAREN, [...FIRST_OPERAND, T.RPAREN]);
    c.syncBlock([...FIRST_OPERAND, T.RPAREN]);
    const args: Operand[] = [];
    if (FIRST_OPERAND.includes(c.la(1))) {
      args.push(operand());
      c.syncBlock([T.RPAREN, T.COMMA]);
      while (c.la(1) === T.COMMA) {
        c.take();
        args.push(operand());
        c.syncLoopBack([T.RPAREN, T.COMMA]);
      }
    }
    c.expect(T.RPAREN, []);
    return args;
  };

  // subscriptables : '[' subscriptable (',' subscriptable)* ']'
  const subscriptables = (): Subscript[] => {
    c.take();
    const items = [subscriptable()];
    c.syncBlock([T.RBRACKET, T.COMMA]);
    while (c.la(1) === T.COMMA) {
      c.take();
      items.push(subscriptable());
      c.syncLoopBack([T.RBRACKET, T.COMMA]);
    }
    c.expect(T.RBRACKET, []);
    return items;
  };

  // subscriptable : STRING | NUMBER sliceable? | sliceable | '*' | '?' '(' expression ')' | jsonpath_ | ID arguments
  const subscriptable = (): Subscript => {
    c.syncBlock(FIRST_SUBSCRIPTABLE);
    const token = c.lt(1);
    switch (token.type) {
      case T.STRING:
        c.take();
        return { kind: 'key', key: token.text.slice(1, -1) };
      case T.NUMBER: {
        c.take();
        if (!isInt(token)) c.failedPredicate('subscriptable');
        const index = parsePyInt(token.text);
        return c.la(1) === T.COLON ? sliceable(index, token.start) : { kind: 'index', index };
      }
      case T.COLON:
        return sliceable(undefined, token.start);
      case T.STAR:
        c.take();
        return { kind: 'wildcard' };
      case T.QUESTION: {
        c.take();
        c.expect(T.LPAREN, FIRST_EXPRESSION);
        const expression = andExpression();
        c.expect(T.RPAREN, [T.RBRACKET, T.COMMA]);
        return { kind: 'filter', expression };
      }
      case T.ID:
        return call(c.take());
      default:
        return { kind: 'node', path: relativePath() };
    }
  };

  // sliceable : ':' NUMBER? (':' NUMBER?)?  — the first number is the end, the second the step
  const sliceable = (start: PyInt | undefined, at: number): Subscript => {
    c.take();
    const bound = (): PyInt | undefined => {
      if (c.la(1) !== T.NUMBER) return undefined;
      const token = c.take();
      if (!isInt(token)) c.failedPredicate('sliceable');
      return parsePyInt(token.text);
    };
    const end = bound();
    let step: PyInt | undefined;
    if (c.la(1) === T.COLON) {
      c.take();
      step = bound();
    }
    return { kind: 'slice', start, end, step, at };
  };

  // andExpression : orExpression ('and' andExpression)?   — `and` binds looser than `or`
  const andExpression = nested((): Expression => {
    const left = orExpression();
    if (c.la(1) !== T.AND) return left;
    c.take();
    return flatten('and', left, andExpression());
  });

  // orExpression : notExpression ('or' orExpression)?
  const orExpression = nested((): Expression => {
    const left = notExpression();
    if (c.la(1) !== T.OR) return left;
    c.take();
    return flatten('or', left, orExpression());
  });

  // notExpression : 'not' notExpression | '(' expression ')' | jsonpath__ (op jsonpath__)?
  const notExpression = nested((): Expression => {
    c.syncBlock(FIRST_EXPRESSION);
    const first = c.la(1);
    if (first === T.NOT) {
      c.take();
      const operand = notExpression();
      return operand.kind === 'not' ? operand.operand : { kind: 'not', operand };
    }
    if (first === T.LPAREN) {
      c.take();
      const inner = andExpression();
      c.expect(T.RPAREN, [T.AND, T.OR, T.RPAREN]);
      return inner;
    }
    const left = operand();
    const op = COMPARISONS[c.la(1)];
    if (op === undefined) return { kind: 'some', operand: left };
    const at = c.take().start;
    return { kind: 'binary', op, left, right: operand(), at };
  });

  // jsonpath__ : jsonpath_ | value
  const operand = (): Operand => {
    c.syncBlock(FIRST_OPERAND);
    const first = c.la(1);
    if (first === T.ROOT || first === T.CURRENT) return relativePath();
    const literal: Literal = { kind: 'literal', value: literalValue(c) };
    return literal;
  };

  return { jsonpath };
}

/** Upstream's listener merges nested and/or of the same kind into one n-ary node. */
function flatten(kind: 'and' | 'or', left: Expression, right: Expression): Expression {
  const parts = (e: Expression): readonly Expression[] => (e.kind === kind ? e.operands : [e]);
  return { kind, operands: [...parts(left), ...parts(right)] };
}
