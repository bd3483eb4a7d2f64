import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonpathCommand } from '../../src/cli/commands/jsonpath.js';
import type { Io } from '../../src/core/io.js';

function fakeIo(stdin = '', isTTY = false): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    stdin: Readable.from([stdin]),
    isTTY,
    verbose: false,
    out: () => out,
    err: () => err,
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'jsonpath-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};

describe('the jsonpath command', () => {
  it('prints one line per match in upstream order and exits 0', async () => {
    const io = fakeIo('{"b": 1, "a": 2.0, "1": [3]}');
    expect(await jsonpathCommand({ expression: '$.*' }, io)).toBe(0);
    expect(io.out()).toBe(
      '{"path": "$[\\"b\\"]", "value": 1}\n{"path": "$[\\"a\\"]", "value": 2.0}\n{"path": "$[\\"1\\"]", "value": [3]}\n',
    );
  });

  it("takes the names of JavaScript's Object.prototype as ordinary keys", async () => {
    const doc = '{"a": 1, "constructor": 2, "__proto__": {"toString": 3}}';
    const io = fakeIo(doc);
    expect(await jsonpathCommand({ expression: '$..constructor' }, io)).toBe(0);
    expect(io.out()).toBe('{"path": "$[\\"constructor\\"]", "value": 2}\n');
    const io2 = fakeIo(doc);
    expect(await jsonpathCommand({ expression: '$["__proto__"].toString' }, io2)).toBe(0);
    expect(io2.out()).toBe('{"path": "$[\\"__proto__\\"][\\"toString\\"]", "value": 3}\n');
    for (const expression of ['$.toString', '$.a.constructor', '$[?(@.hasOwnProperty)]', '$.a[?(@.__proto__)]'])
      expect(await jsonpathCommand({ expression }, fakeIo('{"a": {"b": 1}}'))).toBe(1);
  });

  it('prints a document far larger than one write whole, in Python form', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `file-${i}.dat`, tags: ['a, b', 'c: d'] }));
    const io = fakeIo(JSON.stringify({ items }));
    expect(await jsonpathCommand({ expression: '$' }, io)).toBe(0);
    const printed = items.map((item) => `{"id": ${item.id}, "name": "${item.name}", "tags": ["a, b", "c: d"]}`);
    expect(io.out()).toBe(`{"path": "$", "value": {"items": [${printed.join(', ')}]}}\n`);
  });

  it('exits 1 when nothing matches', async () => {
    const io = fakeIo('{"a": 1}');
    expect(await jsonpathCommand({ expression: '$.b', input: '-' }, io)).toBe(1);
    expect(io.out()).toBe('');
  });

  it('exits 2 with the caret report on stderr for a syntax error', async () => {
    const io = fakeIo('{}');
    expect(await jsonpathCommand({ expression: '$.and' }, io)).toBe(2);
    expect(io.err()).toBe("<expression>:1:3: mismatched input 'and' expecting {'*', ID}\n  $.and\n    ^\n");
  });

  it('reads a route file when one exists by that name and names it in errors', async () => {
    const route = file('route.txt', '$[?(\n  $["eventID"]\n)]\n');
    const event = file('event.json', '{"eventID": "x"}');
    const io = fakeIo();
    expect(await jsonpathCommand({ expression: route, input: event }, io)).toBe(0);
    expect(io.out()).toBe('{"path": "$", "value": {"eventID": "x"}}\n');

    const broken = file('broken.txt', '$[?(\n  $["eventID"] and\n)]\n');
    const io2 = fakeIo();
    expect(await jsonpathCommand({ expression: broken, input: event }, io2)).toBe(2);
    expect(io2.err()).toContain(`${broken}:3:1: mismatched input ')'`);
  });

  it('refuses a non-ASCII route file as upstream parse_file would', async () => {
    const route = file('accent.txt', '$[?($["a"] = "é")]');
    const io = fakeIo('{}');
    expect(await jsonpathCommand({ expression: route }, io)).toBe(2);
    expect(io.err()).toContain('UnicodeDecodeError');
  });

  it('exits 2 naming the file when the document is not JSON', async () => {
    const bad = file('bad.json', '{"a": 1,}');
    const io = fakeIo();
    expect(await jsonpathCommand({ expression: '$', input: bad }, io)).toBe(2);
    expect(io.err()).toBe(
      `${bad}:1:9: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 9 (char 8)\n`,
    );
  });

  it('exits 2 when the document file is missing', async () => {
    const io = fakeIo();
    expect(await jsonpathCommand({ expression: '$', input: path.join(dir, 'missing.json') }, io)).toBe(2);
    expect(io.err()).toContain('missing.json: the JSON document does not exist.');
  });

  it('exits 2 on an evaluation error, keeping the matches printed before it', async () => {
    const io = fakeIo('[1, 2]');
    expect(await jsonpathCommand({ expression: '$[0, ::0]' }, io)).toBe(2);
    expect(io.out()).toBe('{"path": "$[0]", "value": 1}\n');
    expect(io.err()).toContain('ValueError: range() arg 3 must not be zero');
  });

  it('accepts contains only with --contains', async () => {
    const doc = '{"t": ["x"]}';
    expect(await jsonpathCommand({ expression: '$[?(@.t contains "x")]' }, fakeIo(doc))).toBe(2);
    expect(await jsonpathCommand({ expression: '$[?(@.t contains "x")]', contains: true }, fakeIo(doc))).toBe(0);
  });

  it('does not wait on an interactive terminal when no document is given', async () => {
    const io = fakeIo('', true);
    expect(await jsonpathCommand({ expression: '$' }, io)).toBe(2);
    expect(io.err()).toContain('no JSON document');
  });
});

describe('the jsonpath command in --jsonl batch mode', () => {
  it('answers every line, turning a bad line into an ok:false line without stopping', async () => {
    const input = [
      '{"path": "$.a", "doc": {"a": 1.0}}',
      'this is not json',
      '',
      '{"path": "$.and", "doc": {}}',
      '{"path": "$[::0]", "doc": [1]}',
      '{"doc": {}}',
      '{"path": "$.*", "doc": {"2": 1, "1": 12345678901234567890}}',
    ].join('\n');
    const io = fakeIo(input);
    expect(await jsonpathCommand({ jsonl: true }, io)).toBe(0);
    expect(io.out().split('\n')).toEqual([
      '{"ok": true, "matches": [{"path": "$[\\"a\\"]", "value": 1.0}]}',
      '{"ok": false, "error": "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"}',
      '{"ok": false, "error": "ValueError: line 1:2 mismatched input \'and\' expecting {\'*\', ID}"}',
      '{"ok": false, "error": "ValueError: range() arg 3 must not be zero"}',
      '{"ok": false, "error": "ProtocolError: expected {\\"path\\": <string>, \\"doc\\": <any JSON>}"}',
      '{"ok": true, "matches": [{"path": "$[\\"2\\"]", "value": 1}, {"path": "$[\\"1\\"]", "value": 12345678901234567890}]}',
      '',
    ]);
  });

  it('reports an unknown callable with upstream exception name', async () => {
    const io = fakeIo('{"path": "$.foo()", "doc": {}}\n');
    await jsonpathCommand({ jsonl: true }, io);
    expect(io.out()).toBe(
      '{"ok": false, "error": "CallableSubscriptNotFoundError: callable subscript \'foo\' not found"}\n',
    );
  });
});
