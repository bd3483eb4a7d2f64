import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import {
  JsonPathEvaluationError,
  JsonPathSyntaxError,
  matchPath,
  parseJson,
  parsePath,
} from '../../src/jsonpath/index.js';

function syntaxError(text: string, file?: string): JsonPathSyntaxError {
  try {
    parsePath(text, file === undefined ? {} : { file });
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('syntax error reports', () => {
  it('name the file, a 1-based line and column, and put a caret under the offending token', () => {
    const error = syntaxError('$.and', 'route.txt');
    expect(error.message).toBe("route.txt:1:3: mismatched input 'and' expecting {'*', ID}\n  $.and\n    ^");
  });

  it('default the file name to <expression>', () => {
    expect(syntaxError('$$').message.split('\n')[0]).toBe(
      "<expression>:1:2: extraneous input '$' expecting {<EOF>, '..', '.', '['}",
    );
  });

  it('keep upstream line and 0-based column as structured fields and in the Python message', () => {
    const error = syntaxError('$[?(\n  @.a AND @.b)]');
    expect([error.line, error.column]).toEqual([2, 6]);
    expect(error.pythonType).toBe('ValueError');
    expect(error.pythonMessage).toBe("line 2:6 mismatched input 'AND' expecting ')'");
    expect(error.message).toContain('<expression>:2:7:');
    expect(error.message.split('\n').slice(1)).toEqual(['    @.a AND @.b)]', '        ^']);
  });

  it('show the right source line for a multi-line route with CRLF line ends', () => {
    const error = syntaxError('$[?(\r\n  $["a"] = \r\n)]', 'r.txt');
    expect(error.message.split('\n')).toEqual([
      "r.txt:3:1: mismatched input ')' expecting {'@', '$', 'true', 'false', 'null', '{', '[', STRING, NUMBER}",
      '  )]',
      '  ^',
    ]);
  });

  it('keep tabs in the caret line so the caret stays under the token', () => {
    expect(syntaxError('\t$.true').message.split('\n')[2]).toBe('  \t  ^');
  });

  it('point at the end of input when the path stops early', () => {
    const error = syntaxError('$[?(@.a)');
    expect(error.pythonMessage).toBe("line 1:8 mismatched input '<EOF>' expecting {']', ','}");
    expect(error.message.split('\n')[2]).toBe(`  ${' '.repeat(8)}^`);
  });

  it('are user errors with exit code 2', () => {
    const error = syntaxError('$[');
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
  });

  it('report an unknown callable as upstream CallableSubscriptNotFoundError, after syntax errors', () => {
    const error = syntaxError('$.a.foo()');
    expect(error.pythonType).toBe('CallableSubscriptNotFoundError');
    expect(error.pythonMessage).toBe("callable subscript 'foo' not found");
    expect(error.message).toContain('<expression>:1:5:');
    expect(syntaxError('$.foo() b').pythonType).toBe('ValueError');
  });

  it('report a broken object literal as ANTLR does: no viable alternative', () => {
    expect(syntaxError('$[?(@.a = {)]').pythonMessage).toBe("line 1:11 no viable alternative at input '{)'");
  });
});

describe('evaluation errors', () => {
  it('are raised lazily, after the matches before them, with a caret under the slice', () => {
    const path = parsePath('$[0, ::0]', { file: 'r.txt' });
    const seen: string[] = [];
    let caught: unknown;
    try {
      for (const match of matchPath(path, parseJson('[7]'))) seen.push(match.path);
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(['$[0]']);
    expect(caught).toBeInstanceOf(JsonPathEvaluationError);
    const error = caught as JsonPathEvaluationError;
    expect([error.pythonType, error.pythonMessage]).toEqual(['ValueError', 'range() arg 3 must not be zero']);
    expect(error.message).toBe('r.txt:1:6: ValueError: range() arg 3 must not be zero\n  $[0, ::0]\n       ^');
  });

  it('are not raised when iteration stops before reaching them', () => {
    const iterator = matchPath(parsePath('$[0, ::0]'), parseJson('[7]'));
    expect(iterator.next().value?.path).toBe('$[0]');
  });

  it('put the caret under the contains operator for a TypeError', () => {
    const path = parsePath('$[?(@.t contains 1)]', { contains: true });
    expect(() => [...matchPath(path, parseJson('{"t": "s"}'))]).toThrow(
      "<expression>:1:9: TypeError: 'in <string>' requires string as left operand, not int",
    );
  });
});
