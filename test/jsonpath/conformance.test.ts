/**
 * Every case upstream jsonpath2 produced (conformance.json beside this file;
 * CONFORMANCE.md says where it came from),
 * run twice: as 0.4.5 (the default dialect, using `expected_v0_4_5` where
 * the release differs) and as HEAD with `{ contains: true }`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  astEqual,
  JsonPathEvaluationError,
  JsonPathSyntaxError,
  matchPath,
  parseJson,
  parsePath,
  printPath,
  toJson,
} from '../../src/jsonpath/index.js';

interface PythonError {
  type: string;
  message: string;
}
interface Expected {
  str?: string;
  reparse_equal?: boolean;
  reparse_error?: PythonError;
  matches?: { node: string; value: string }[];
  matches_before_error?: { node: string; value: string }[];
  match_error?: PythonError;
  parse_error?: PythonError;
}
interface Case {
  id: string;
  category: string;
  path: string;
  doc: string;
  note: string;
  expected: Expected;
  expected_v0_4_5?: Expected;
}

// In the repository, so a clone anywhere can run it.
const CONFORMANCE = fileURLToPath(new URL('./conformance.json', import.meta.url));
const cases = (JSON.parse(readFileSync(CONFORMANCE, 'utf8')) as { cases: Case[] }).cases;

/** Parses and checks a syntax error the way upstream reports it: type, `line L:C`, message. */
function expectSyntaxError(text: string, contains: boolean, expected: PythonError): void {
  let caught: unknown;
  try {
    parsePath(text, { contains });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(JsonPathSyntaxError);
  const error = caught as JsonPathSyntaxError;
  expect(error.pythonType).toBe(expected.type);
  const position = /^line (\d+):(\d+) /.exec(expected.message);
  if (position) expect(`${error.line}:${error.column}`).toBe(`${position[1]}:${position[2]}`);
  expect(error.pythonMessage).toBe(expected.message);
  expect(error.exitCode).toBe(2);
}

const printValue = (value: Parameters<typeof toJson>[0]): string => toJson(value, { python: true });

function runCase(testCase: Case, expected: Expected, contains: boolean): void {
  if (expected.parse_error) {
    expectSyntaxError(testCase.path, contains, expected.parse_error);
    return;
  }
  const path = parsePath(testCase.path, { contains });
  expect(printPath(path)).toBe(expected.str);
  if (expected.reparse_error) expectSyntaxError(printPath(path), contains, expected.reparse_error);
  else expect(astEqual(parsePath(printPath(path), { contains }).root, path.root)).toBe(expected.reparse_equal);

  const doc = parseJson(testCase.doc);
  const seen: { node: string; value: string }[] = [];
  let failure: unknown;
  try {
    for (const match of matchPath(path, doc)) seen.push({ node: match.path, value: printValue(match.value) });
  } catch (error) {
    failure = error;
  }
  if (expected.match_error) {
    expect(failure).toBeInstanceOf(JsonPathEvaluationError);
    const error = failure as JsonPathEvaluationError;
    expect({ type: error.pythonType, message: error.pythonMessage }).toEqual(expected.match_error);
    expect(seen).toEqual(expected.matches_before_error);
  } else {
    expect(failure).toBeUndefined();
    expect(seen).toEqual(expected.matches);
  }
}

describe('jsonpath2 0.4.5 conformance (the default dialect)', () => {
  it('covers all 263 upstream cases', () => {
    expect(cases).toHaveLength(263);
  });
  it.each(cases.map((c) => [c.id, c] as const))('case %s behaves as upstream 0.4.5', (_id, testCase) => {
    runCase(testCase, testCase.expected_v0_4_5 ?? testCase.expected, false);
  });
});

describe('jsonpath2 HEAD conformance (with the contains operator)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('case %s behaves as upstream HEAD', (_id, testCase) => {
    runCase(testCase, testCase.expected, true);
  });
});
