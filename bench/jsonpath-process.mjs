#!/usr/bin/env node
/**
 * The whole `jsonpath` process against upstream jsonpath2's whole process,
 * on a 100,000-file event (bench/large-event.mjs):
 *
 *     PACIFICA_PYTHON=/path/to/python npm run build && node bench/jsonpath-process.mjs
 *
 * In turns, RUNS rounds (default 10) after a warm-up, medians:
 *   - `pacifica-dispatcher jsonpath ROUTE EVENT` (start, read, parse, match, print);
 *   - the floor: the same with upstream, `python bench/upstream-jsonpath2.py
 *     --match ROUTE EVENT` (start, import jsonpath2, json.load, match, print);
 *   - for scale, not compared: a Node process that only reads the event and
 *     `JSON.parse`s it, what any reader built on JSON.parse costs at least.
 * The first two must print the same lines. Exits 1 above TARGET; skips
 * (exit 0) without PACIFICA_PYTHON, an interpreter that has upstream jsonpath2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEvent, ROUTE } from './large-event.mjs';

const FILES = 100_000;
const RUNS = Number(process.env.RUNS ?? 10);
const TARGET = 0.1;
const PYTHON = process.env.PACIFICA_PYTHON;
const dispatcher = fileURLToPath(new URL('../bin/pacifica-dispatcher.js', import.meta.url));
const upstream = fileURLToPath(new URL('upstream-jsonpath2.py', import.meta.url));

if (!PYTHON) {
  console.log('SKIP jsonpath-process: set PACIFICA_PYTHON to an interpreter with upstream jsonpath2');
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), 'jsonpath-process-'));
try {
  const event = path.join(dir, 'event.json');
  const route = path.join(dir, 'route.txt');
  writeFileSync(event, buildEvent(FILES));
  writeFileSync(route, ROUTE);
  const commands = {
    ours: [process.execPath, [dispatcher, 'jsonpath', route, event]],
    upstream: [PYTHON, [upstream, '--match', route, event]],
    'JSON.parse alone': [
      process.execPath,
      ['-e', 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))', event],
    ],
  };
  const timed = (name) => {
    const [file, args] = commands[name];
    const start = process.hrtime.bigint();
    const result = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr.trim().split('\n').pop()}`);
    return { ms, stdout: result.stdout };
  };
  const warm = { ours: timed('ours'), upstream: timed('upstream') };
  if (warm.ours.stdout !== warm.upstream.stdout || warm.ours.stdout.split('\n').length !== 2) {
    console.error(`the two disagree:\nours:     ${warm.ours.stdout}upstream: ${warm.upstream.stdout}`);
    process.exit(2);
  }
  const times = { ours: [], upstream: [], 'JSON.parse alone': [] };
  for (let round = 0; round < RUNS; round++) {
    for (const name of Object.keys(times)) times[name].push(timed(name).ms);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const [ours, floor, parseAlone] = [median(times.ours), median(times.upstream), median(times['JSON.parse alone'])];
  const ratio = ours / floor;
  console.log(`event: ${FILES} Files items; ${RUNS} rounds, medians`);
  console.log(`upstream jsonpath2 process ${floor.toFixed(0)} ms | pacifica-dispatcher jsonpath ${ours.toFixed(0)} ms`);
  console.log(
    `for scale: node reading and JSON.parse-ing the event, nothing else, ${parseAlone.toFixed(0)} ms = ${(parseAlone / floor).toFixed(3)} x upstream`,
  );
  console.log(
    `RESULT jsonpath / upstream = ${ratio.toFixed(3)} (target <= ${TARGET}): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`,
  );
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
