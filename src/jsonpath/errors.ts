/**
 * Errors the engine raises, each carrying the upstream (Python) exception
 * type and message so callers can compare with jsonpath2, and a human form:
 *
 *     route.txt:3:12: mismatched input 'and' expecting {'*', ID}
 *       $["data"].and
 *                 ^
 *
 * The printed column is 1-based (editor convention); `.column` keeps
 * upstream's 0-based code-point column, which is what jsonpath2 reports
 * as `line L:C`.
 */
import { UserError } from '../core/errors.js';
import type { Source } from './ast.js';

/** Line (1-based) and column (0-based, code points) of a UTF-16 offset, as ANTLR counts them. */
export function positionOf(text: string, offset: number): { line: number; column: number; lineText: string } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', offset);
  const lineText = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, '');
  return { line: before.split('\n').length, column: Array.from(text.slice(lineStart, offset)).length, lineText };
}

const SHOWN_BEFORE = 60;
const SHOWN_AFTER = 40;

/** `file:line:col: message`, the source line, and a caret under the column. */
export function formatAt(source: Source, offset: number, message: string): string {
  const { line, column, lineText } = positionOf(source.text, offset);
  // A very long line (a generated path) is shown as a window around the caret.
  const chars = Array.from(lineText);
  const from = column > SHOWN_BEFORE ? column - SHOWN_BEFORE : 0;
  const shown = `${from > 0 ? '…' : ''}${chars.slice(from, column + SHOWN_AFTER).join('')}${chars.length > column + SHOWN_AFTER ? '…' : ''}`;
  // Keep tabs in the caret line so the caret sits under the right character.
  const pad =
    (from > 0 ? ' ' : '') +
    chars
      .slice(from, column)
      .map((ch) => (ch === '\t' ? '\t' : ' '))
      .join('');
  return `${source.file}:${line}:${column + 1}: ${message}\n  ${shown}\n  ${pad}^`;
}

/** Fields shared by syntax and evaluation errors. */
interface Located {
  /** Upstream's exception class: `ValueError`, `CallableSubscriptNotFoundError`, `TypeError`. */
  readonly pythonType: string;
  /** `str(exception)` upstream, e.g. `line 1:2 mismatched input 'and' expecting {'*', ID}`. */
  readonly pythonMessage: string;
}

/** A path that upstream refuses to parse (exit code 2). */
export class JsonPathSyntaxError extends UserError implements Located {
  constructor(
    message: string,
    readonly pythonType: string,
    readonly pythonMessage: string,
    /** 1-based line. */
    readonly line: number,
    /** 0-based column in code points (upstream's). */
    readonly column: number,
    /** The bare reason without position, e.g. `mismatched input …`. */
    readonly reason: string,
  ) {
    super(message, undefined, 2);
  }

  /** A syntax error at a source offset, worded as ANTLR words it. */
  static at(source: Source, offset: number, reason: string): JsonPathSyntaxError {
    const { line, column } = positionOf(source.text, offset);
    return new JsonPathSyntaxError(
      formatAt(source, offset, reason),
      'ValueError',
      `line ${line}:${column} ${reason}`,
      line,
      column,
      reason,
    );
  }

  /** Nesting past `limit`: upstream overflows Python's stack (RecursionError); this engine says where. */
  static tooDeep(source: Source, offset: number, limit: number): JsonPathSyntaxError {
    const reason = `the path nests deeper than ${limit} levels (steps after $, "not", parentheses, filters)`;
    const { line, column } = positionOf(source.text, offset);
    const message = `${formatAt(source, offset, reason)}\n  (split the route into simpler clauses; upstream jsonpath2 stops even sooner, at Python's recursion limit)`;
    return new JsonPathSyntaxError(
      message,
      'RecursionError',
      `maximum recursion depth exceeded: ${reason}`,
      line,
      column,
      reason,
    );
  }

  /** Upstream's CallableSubscriptNotFoundError, raised after a successful syntactic parse. */
  static unknownCallable(source: Source, offset: number, name: string): JsonPathSyntaxError {
    const reason = `callable subscript '${name}' not found`;
    const { line, column } = positionOf(source.text, offset);
    const hint = 'known callables: length, charAt, substring, keys, values, entries';
    return new JsonPathSyntaxError(
      `${formatAt(source, offset, reason)}\n  (${hint})`,
      'CallableSubscriptNotFoundError',
      reason,
      line,
      column,
      reason,
    );
  }
}

/** An error upstream raises lazily while matching (a zero slice step, `contains` on the wrong types). */
export class JsonPathEvaluationError extends UserError implements Located {
  constructor(
    message: string,
    readonly pythonType: string,
    readonly pythonMessage: string,
  ) {
    super(message, undefined, 2);
  }
}

/**
 * Thrown inside the evaluator, which does not know the source; matchPath
 * turns it into a {@link JsonPathEvaluationError} with a caret.
 */
export class EvaluationFault extends Error {
  constructor(
    readonly pythonType: 'ValueError' | 'TypeError' | 'RecursionError',
    readonly pythonMessage: string,
    /** Source offset of the slice or operator that failed. */
    readonly at: number,
  ) {
    super(`${pythonType}: ${pythonMessage}`);
  }

  /** Attaches the path's source for a `file:line:col` report. */
  located(source: Source): JsonPathEvaluationError {
    const text = `${this.pythonType}: ${this.pythonMessage}`;
    return new JsonPathEvaluationError(formatAt(source, this.at, text), this.pythonType, this.pythonMessage);
  }
}
