/**
 * The jsonpath2 AST, one tagged union per upstream class family. Shapes
 * follow upstream's parse-tree listener (SPEC §3.2) so that printing and
 * evaluation can mirror upstream class by class. `at` fields are UTF-16
 * offsets into the source, kept for error carets; they are ignored by
 * {@link astEqual}.
 */
import type { JsonValue, PyInt } from './value.js';

/** `$…` (RootNode) or `@…` (CurrentNode). */
export interface PathNode {
  readonly kind: 'root' | 'current';
  readonly next: Step;
}

/** What follows `$`/`@`: nothing (TerminalNode), a bracket, or a recursive descent. */
export type Step = TerminalStep | SubscriptStep | DescentStep;

export interface TerminalStep {
  readonly kind: 'terminal';
}

/** One bracket (or `.name`): all its items, then the rest of the path. */
export interface SubscriptStep {
  readonly kind: 'subscript';
  readonly subscripts: readonly Subscript[];
  readonly next: Step;
}

/** `..` — the rest of the path lives inside `inner` (upstream RecursiveDescentNode). */
export interface DescentStep {
  readonly kind: 'descent';
  readonly inner: SubscriptStep;
}

export type Subscript =
  | KeySubscript
  | IndexSubscript
  | SliceSubscript
  | WildcardSubscript
  | FilterSubscript
  | NodeSubscript
  | CallSubscript;

/** `["k"]` / `.k`: the key is the raw text between the quotes (escapes are never decoded). */
export interface KeySubscript {
  readonly kind: 'key';
  readonly key: string;
}

export interface IndexSubscript {
  readonly kind: 'index';
  readonly index: PyInt;
}

export interface SliceSubscript {
  readonly kind: 'slice';
  readonly start: PyInt | undefined;
  readonly end: PyInt | undefined;
  readonly step: PyInt | undefined;
  readonly at: number;
}

export interface WildcardSubscript {
  readonly kind: 'wildcard';
}

export interface FilterSubscript {
  readonly kind: 'filter';
  readonly expression: Expression;
}

/** `[$…]` / `[@…]`: an int result indexes, a string result is a key. */
export interface NodeSubscript {
  readonly kind: 'node';
  readonly path: PathNode;
}

/** The six callables upstream knows. */
export type CallableName = 'length' | 'charAt' | 'substring' | 'keys' | 'values' | 'entries';

export const CALLABLE_NAMES: readonly CallableName[] = ['length', 'charAt', 'substring', 'keys', 'values', 'entries'];

export interface CallSubscript {
  readonly kind: 'call';
  readonly name: CallableName;
  readonly args: readonly Operand[];
}

/** A literal operand: any JSON value written in the expression. */
export interface Literal {
  readonly kind: 'literal';
  readonly value: JsonValue;
}

/** An operand of a comparison or a call argument: a path or a literal. */
export type Operand = PathNode | Literal;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains';

export type Expression = BinaryExpression | SomeExpression | NotExpression | AndExpression | OrExpression;

export interface BinaryExpression {
  readonly kind: 'binary';
  readonly op: ComparisonOperator;
  readonly left: Operand;
  readonly right: Operand;
  /** Offset of the operator token. */
  readonly at: number;
}

/** A bare operand: a path means "has a match", a literal means Python truthiness. */
export interface SomeExpression {
  readonly kind: 'some';
  readonly operand: Operand;
}

export interface NotExpression {
  readonly kind: 'not';
  readonly operand: Expression;
}

/** Flattened n-ary `and` (never directly containing another `and`). */
export interface AndExpression {
  readonly kind: 'and';
  readonly operands: readonly Expression[];
}

/** Flattened n-ary `or` (never directly containing another `or`). */
export interface OrExpression {
  readonly kind: 'or';
  readonly operands: readonly Expression[];
}

/** Where a path came from, for error messages. */
export interface Source {
  readonly text: string;
  /** Shown before `:line:col`; `<expression>` for text typed on a command line. */
  readonly file: string;
}

/** A parsed top-level path (always `$…`) with its source. */
export interface JsonPath {
  readonly root: PathNode & { readonly kind: 'root' };
  readonly source: Source;
  /** Whether `contains` was a keyword when parsing (HEAD dialect). */
  readonly contains: boolean;
}

/** Structural equality (upstream `Path.__eq__`), ignoring source offsets. */
export function astEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    const bEntries = [...b];
    return [...a].every(([key, value], i) => bEntries[i]?.[0] === key && astEqual(value, bEntries[i]?.[1]));
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object): string[] => Object.keys(o).filter((key) => key !== 'at');
  const aKeys = keys(a);
  const bKeys = keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => astEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
