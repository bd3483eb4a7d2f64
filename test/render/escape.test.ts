import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { json, line, md, mdCode, mdFence, py, pyIdentifier, toml, yaml } from '../../src/render/escape.js';

/** Strings that break naive quoting in at least one target language. */
const HOSTILE: string[] = [
  '',
  'plain',
  "it's",
  'say "hi"',
  'back\\slash \\n \\u0041 \\',
  'line\nbreak\r\nand\rcr',
  'tab\there',
  '<%= x %> <%- y %> %>',
  '${HOME} $(id) `id`',
  '# not a comment',
  'key: value',
  '- item',
  '* star',
  '& anchor',
  '*alias',
  '! tag',
  '| block',
  '> folded',
  '? complex',
  '@reserved',
  'null',
  'yes',
  'on',
  'No',
  '~',
  '0x1F',
  '1e3',
  '  leading and trailing  ',
  'é café naïve',
  'emoji 😀 and 👩‍👩‍👧',
  'line\u2028separator\u2029paragraph\u0085next',
  'nul\u0000byte',
  'bell\u0007 escape\u001b del\u007f c1\u0080\u009f',
  'bom\ufeff nbsp\u00a0 nonchar\uffff',
  'lone \ud800 surrogate \udfff',
  'a"b\\c\n<%= x %>é',
  '\'\'\'triple\'\'\' """quotes"""',
];

/** What a target that cannot hold lone surrogates gets instead. */
const scalarValues = (text: string): string => text.replace(/\p{Cs}/gu, '\uFFFD');

function python(script: string, input: string): string {
  return execFileSync('python3', ['-c', script], { input, encoding: 'utf8' });
}

describe('py', () => {
  it('gives pure-ASCII literals that Python evaluates back to the same string', () => {
    const literals = HOSTILE.map(py);
    for (const literal of literals) expect(literal).toMatch(/^'[\x20-\x7e]*'$/);
    const source = `values = [\n${literals.map((literal) => `    ${literal},`).join('\n')}\n]\n`;
    // Compile as a real source file, then compare what it evaluates to.
    const out = python(
      'import ast, json, sys\nsrc = sys.stdin.read()\ncompile(src, "literals.py", "exec")\n' +
        'print(json.dumps(ast.literal_eval(src.split("=", 1)[1].strip())))',
      source,
    );
    expect(JSON.parse(out)).toEqual(HOSTILE);
  });

  it.each([
    ["it's", "'it\\'s'"],
    ['a\nb', "'a\\nb'"],
    ['é', "'\\xE9'"],
    ['😀', "'\\U0001F600'"],
    ['\u2028', "'\\u2028'"],
  ])('writes %j as %s', (input, expected) => {
    expect(py(input)).toBe(expected);
  });
});

describe('json', () => {
  it.each(HOSTILE)('round-trips %j through JSON.parse', (text) => {
    const encoded = json(text);
    expect(JSON.parse(encoded)).toBe(text);
    expect(encoded).not.toMatch(/[\u2028\u2029\n\r]/);
  });

  it('serialises objects and arrays, with indentation when asked', () => {
    expect(JSON.parse(json({ a: ['x', 1, null] }, 2))).toEqual({ a: ['x', 1, null] });
    expect(json(['celery', '-A', 'm:app'])).toBe('["celery","-A","m:app"]');
  });
});

describe('yaml', () => {
  it.each(HOSTILE)('round-trips %j as a YAML 1.2 and 1.1 scalar', (text) => {
    const scalar = yaml(text);
    expect(scalar).toMatch(/^".*"$/s);
    expect(scalar).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
    expect(parseYaml(scalar)).toBe(scalarValues(text));
    expect(parseYaml(scalar, { version: '1.1' })).toBe(scalarValues(text));
    // As a mapping value and a sequence item, where ": " and "- " matter.
    expect(parseYaml(`key: ${scalar}\nlist:\n  - ${scalar}\n`)).toEqual({
      key: scalarValues(text),
      list: [scalarValues(text)],
    });
  });
});

describe('toml', () => {
  it('gives basic strings that tomllib reads back to the same string', () => {
    const document = HOSTILE.map((text, index) => `k${index} = ${toml(text)}`).join('\n');
    const out = python(
      'import json, sys, tomllib\ndoc = tomllib.loads(sys.stdin.read())\n' +
        'print(json.dumps([doc["k%d" % i] for i in range(len(doc))]))',
      document,
    );
    expect(JSON.parse(out)).toEqual(HOSTILE.map(scalarValues));
  });
});

describe('line', () => {
  it.each(HOSTILE)('puts %j on one line without control characters', (text) => {
    const result = line(text);
    expect(result).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\p{Cs}]/u);
  });

  it('keeps ordinary text as it is', () => {
    expect(line('Café 😀 "x" \\ <%')).toBe('Café 😀 "x" \\ <%');
    expect(line('a\r\nb')).toBe('a  b');
  });
});

describe('md', () => {
  it.each([
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['> quote', '\\> quote'],
    ['1. item', '1\\. item'],
    ['12) item', '12\\) item'],
    ['*em* _em_', '\\*em\\* \\_em\\_'],
    ['[link](http://x)', '\\[link\\]\\(http://x\\)'],
    ['![img](x)', '!\\[img\\]\\(x\\)'],
    ['<script>&amp;', '\\<script\\>\\&amp;'],
    ['`code`', '\\`code\\`'],
    ['a | b ~~s~~ $x$', 'a \\| b \\~\\~s\\~\\~ \\$x\\$'],
    ['line\n# break', 'line # break'],
    ['    indented', '&#32;&#32;&#32;&#32;indented'],
    ['===', '\\==='],
    ['Hello, world! a-b 1.2 #1', 'Hello, world! a-b 1.2 #1'],
  ])('escapes %j as %j', (input, expected) => {
    expect(md(input)).toBe(expected);
  });

  it.each(HOSTILE)('leaves no unescaped markup character in %j', (text) => {
    const escaped = md(text).replace(/^(&#32;)+/, '');
    expect(escaped.replace(/\\[\\`*_[\]()|<>&~$#+=.-]/g, '')).not.toMatch(/[\\`*_[\]()|<>&~$\n\r]/);
    expect(escaped).not.toMatch(/^([-+=#]|\d+\.)/);
  });
});

describe('mdCode', () => {
  it.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['`start', '`` `start ``'],
    ['x``y', '```x``y```'],
  ])('wraps %j as %j', (input, expected) => {
    expect(mdCode(input)).toBe(expected);
  });

  it.each(HOSTILE)('holds %j on one line', (text) => {
    expect(mdCode(text)).not.toMatch(/[\n\r]/);
  });
});

describe('mdFence', () => {
  it('uses a fence longer than any backtick run in the text', () => {
    expect(mdFence('a\n```\nb', 'text')).toBe('````text\na\n```\nb\n````');
    expect(mdFence('$[?($["eventID"])]\n')).toBe('```\n$[?($["eventID"])]\n```');
  });
});

describe('pyIdentifier', () => {
  it.each([
    ['C234-1234-1234', 'c234_1234_1234'],
    ['metadata.ingest.42', 'metadata_ingest_42'],
    ['42', '_42'],
    ['!!!', 'x'],
    ['Ünïcödé 😀', 'n_c_d'],
  ])('turns %j into %j', (input, expected) => {
    expect(pyIdentifier(input)).toBe(expected);
  });

  it('gives identifiers Python accepts for every hostile string', () => {
    const idents = HOSTILE.map((text) => pyIdentifier(text));
    const out = python(
      'import json, sys\nprint(json.dumps([s.isidentifier() for s in json.load(sys.stdin)]))',
      JSON.stringify(idents),
    );
    expect(JSON.parse(out)).toEqual(idents.map(() => true));
  });
});
