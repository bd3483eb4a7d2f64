#!/usr/bin/env node
/**
 * Time to a green project with a prepared environment:
 *
 *     PACIFICA_PYTHON=/path/to/python npm run build && node bench/install.mjs
 *
 * PACIFICA_PYTHON names an interpreter that has the upstream stack (the
 * project's dependencies) and a setuptools that builds the project. A
 * project is generated once; then, in turns, RUNS rounds (default 10) after
 * a warm-up, medians:
 *   - the floor, the same steps by hand: `pip install --no-deps
 *     --no-build-isolation -e .` and `python -m unittest discover` in tests/;
 *   - `pacifica-dispatcher test --use-python $PACIFICA_PYTHON --no-deps`.
 * Exits 1 above TARGET; skips (exit 0) without PACIFICA_PYTHON, and says so
 * when the steps by hand fail there (a setuptools that does not import).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 10);
const TARGET = 1.3;
const PYTHON = process.env.PACIFICA_PYTHON;
const create = fileURLToPath(new URL('../bin/create-pacifica-dispatcher.js', import.meta.url));
const dispatcher = fileURLToPath(new URL('../bin/pacifica-dispatcher.js', import.meta.url));

if (!PYTHON) {
  console.log('SKIP install: set PACIFICA_PYTHON to an interpreter with the upstream stack');
  process.exit(0);
}
const work = mkdtempSync(path.join(tmpdir(), 'cpd-install-'));
const project = path.join(work, 'project');
const run = (file, args, cwd) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, { cwd, encoding: 'utf8' });
  return {
    ok: result.status === 0,
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    output: `${result.stdout}${result.stderr}`,
  };
};
const byHand = () => {
  const install = run(PYTHON, ['-m', 'pip', 'install', '-q', '--no-deps', '--no-build-isolation', '-e', '.'], project);
  if (!install.ok) return install;
  const tests = run(PYTHON, ['-m', 'unittest', 'discover', '-p', '*_test.py'], path.join(project, 'tests'));
  rmSync(path.join(project, 'build'), { recursive: true, force: true });
  return { ok: true, green: tests.ok, ms: install.ms + tests.ms, output: tests.output };
};
// Installed and ran the tests: green, or failing tests (stage "tests" in the message).
const ours = () => {
  const result = run(process.execPath, [dispatcher, 'test', '--use-python', PYTHON, '--no-deps'], project);
  return { ...result, green: result.ok, ok: result.ok || /Tests failed: \d+ run/.test(result.output) };
};
const green = [true, true];

try {
  const made = run(process.execPath, [create, 'Example', '--yes', '--skip-tests', '--no-git', '-d', project], work);
  if (!made.ok) throw new Error(made.output);
  const times = [[], []];
  for (let round = 0; round <= RUNS; round++) {
    [byHand, ours].forEach((step, index) => {
      const result = step();
      if (!result.ok) {
        const which = index === 0 ? 'the steps by hand' : 'pacifica-dispatcher test';
        console.log(
          `RESULT install: ${which} failed with ${PYTHON}:\n${result.output.trim().split('\n').slice(-3).join('\n')}`,
        );
        process.exit(index === 0 ? 0 : 1);
      }
      if (round > 0) times[index].push(result.ms);
      green[index] &&= result.green;
    });
  }
  const [floor, test] = times.map((t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]);
  const ratio = test / floor;
  if (!green[0] || !green[1])
    console.log(
      `note: the project's tests failed in this environment (by hand: ${green[0] ? 'green' : 'failing'}, ours: ${green[1] ? 'green' : 'failing'}); both ran all of them`,
    );
  console.log(`pip install --no-deps --no-build-isolation -e . + unittest (floor) ${floor.toFixed(0).padStart(6)} ms`);
  console.log(
    `pacifica-dispatcher test --use-python --no-deps                  ${test.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}x`,
  );
  console.log(
    `RESULT install / by hand = ${ratio.toFixed(2)} (target <= ${TARGET}): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`,
  );
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
