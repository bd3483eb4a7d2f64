#!/usr/bin/env node
/**
 * Differential test against upstream: generates a batch of {"path", "doc"}
 * lines (all conformance cases, then random paths and documents, valid and
 * broken), runs it through our engine (dist/) and through the installed
 * upstream jsonpath2 (bench/upstream-jsonpath2.py), and compares the result
 * lines byte for byte.
 *
 *     npm run build && node bench/jsonpath-compare.mjs [count=3000] [seed=1]
 *
 * Exit 0 when every line agrees, 1 otherwise (the first differences are printed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { batchLineHandler } from '../dist/jsonpath/batch.js';

// An interpreter with upstream jsonpath2 installed.
const PYTHON = process.env.PACIFICA_PYTHON ?? '';
const count = Number(process.argv[2] ?? 3000);
let seed = Number(process.argv[3] ?? 1);
if (!existsSync(PYTHON)) {
  console.error(`no upstream Python at ${PYTHON} (set PACIFICA_PYTHON to an interpreter with upstream jsonpath2)`);
  process.exit(2);
}

// A small deterministic PRNG so a failing batch can be reproduced from its seed.
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (items) => items[Math.floor(random() * items.length)];
const chance = (p) => random() < p;

// Object.prototype's names and "float" too: a plain object must not lend them, nor pass for a float.
const KEYS = ['a', 'b', 'c', '1', '10', 'and', 'length', 'x_y', 'é', '', 'constructor', '__proto__', 'float'];
const STRINGS = [
  '"a"',
  '"b"',
  '"x"',
  '""',
  '"1"',
  '"é"',
  '"a\\"b"',
  '"\\n"',
  '"constructor"',
  '"__proto__"',
  '"float"',
];
const NUMBERS = ['0', '1', '-1', '2', '1.0', '1e2', '-0', '2.5', '12345678901234567890', '1e-7'];

function docText(depth = 0) {
  const r = random();
  if (depth > 2 || r < 0.35)
    return pick([
      '1',
      '2',
      '-1',
      '0',
      '1.0',
      '2.5',
      'true',
      'false',
      'null',
      '"a"',
      '"x"',
      '"hello"',
      '""',
      '"1"',
      '9007199254740993',
    ]);
  if (r < 0.65) return `[${Array.from({ length: Math.floor(random() * 4) }, () => docText(depth + 1)).join(',')}]`;
  const keys = Array.from({ length: Math.floor(random() * 4) }, () => pick(KEYS));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${docText(depth + 1)}`).join(',')}}`;
}

function literal(depth = 0) {
  const r = random();
  if (depth < 1 && r < 0.08) return `[${literal(1)}, ${literal(1)}]`;
  if (depth < 1 && r < 0.12) return `{${pick(STRINGS)}: ${literal(1)}}`;
  return pick([...STRINGS, ...NUMBERS, 'true', 'false', 'null']);
}

function relative(depth) {
  return `${pick(['@', '@', '$'])}${steps(depth + 1, 2)}`;
}

function operand(depth) {
  return chance(0.5) ? relative(depth) : literal();
}

function expression(depth) {
  const r = random();
  if (depth > 2 || r < 0.45) {
    return chance(0.6)
      ? `${operand(depth)} ${pick(['=', '!=', '<', '<=', '>', '>='])} ${operand(depth)}`
      : operand(depth);
  }
  if (r < 0.6) return `not ${expression(depth + 1)}`;
  if (r < 0.7) return `(${expression(depth + 1)})`;
  return `${expression(depth + 1)} ${pick(['and', 'or'])} ${expression(depth + 1)}`;
}

function item(depth) {
  const r = random();
  if (r < 0.2) return pick(STRINGS);
  if (r < 0.35) return pick(['0', '1', '-1', '2', '-0', '5']);
  if (r < 0.5)
    return `${pick(['', '1', '-2', '0'])}:${pick(['', '2', '-1', '10'])}${chance(0.4) ? `:${pick(['', '1', '2', '-1', '0'])}` : ''}`;
  if (r < 0.6) return '*';
  if (r < 0.8 && depth < 3) return `?(${expression(depth + 1)})`;
  if (r < 0.9 && depth < 3) return relative(depth);
  return `${pick(['length', 'keys', 'values', 'entries', 'charAt', 'substring'])}(${chance(0.5) ? operand(depth + 1) : ''})`;
}

function steps(depth, max = 4) {
  let out = '';
  const n = Math.floor(random() * (max + 1));
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.3)
      out += `.${pick(['a', 'b', 'c', 'length', '*', 'x_y', 'constructor', 'toString', 'float'])}${chance(0.1) ? '()' : ''}`;
    else if (r < 0.4) out += `..${chance(0.5) ? pick(['a', 'b', '*']) : `[${item(depth)}]`}`;
    else out += `[${Array.from({ length: chance(0.2) ? 2 : 1 }, () => item(depth)).join(',')}]`;
  }
  return out;
}

// Breaks a valid path in one place, to compare syntax errors and their line:column.
function mutate(path) {
  const at = Math.floor(random() * (path.length + 1));
  const r = random();
  if (r < 0.4) return path.slice(0, at) + path.slice(at + 1);
  if (r < 0.8)
    return (
      path.slice(0, at) +
      pick(['.', '[', ']', '(', ')', '"', ',', ':', '?', '@', '$', '=', ' and ', '-', '{', '}', '\n', '!']) +
      path.slice(at)
    );
  return path.slice(0, at);
}

const lines = [];
for (const c of JSON.parse(readFileSync(new URL('../test/jsonpath/conformance.json', import.meta.url), 'utf8')).cases) {
  lines.push(`{"path": ${JSON.stringify(c.path)}, "doc": ${c.doc}}`);
}
for (let i = 0; i < count; i++) {
  const path = `$${steps(0)}`;
  lines.push(`{"path": ${JSON.stringify(chance(0.25) ? mutate(path) : path)}, "doc": ${docText()}}`);
}
lines.push('not json', '{"path": 1, "doc": 2}', '{"doc": {}}');

const upstream = spawnSync(PYTHON, ['bench/upstream-jsonpath2.py'], {
  input: `${lines.join('\n')}\n`,
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
if (upstream.status !== 0) {
  console.error(upstream.stderr);
  process.exit(2);
}
const theirs = upstream.stdout.trimEnd().split('\n');
const handle = batchLineHandler();
const ours = lines.map((line) => handle(line));

let differences = 0;
for (let i = 0; i < lines.length; i++) {
  if (ours[i] === theirs[i]) continue;
  if (++differences <= 10) console.log(`DIFF ${lines[i]}\n  ours:     ${ours[i]}\n  upstream: ${theirs[i]}`);
}
console.log(
  `${lines.length} cases compared with upstream jsonpath2: ${lines.length - differences} identical, ${differences} different`,
);
process.exit(differences === 0 ? 0 : 1);
