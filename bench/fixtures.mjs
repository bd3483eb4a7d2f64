#!/usr/bin/env node
/**
 * Fixture speed and memory:
 *
 *     npm run build && node bench/fixtures.mjs
 *
 * 1. Generating a project whose fixture is a directory of 128 files of
 *    2 MiB (256 MiB), against `sha1sum` of the same files (the floor: one
 *    read of every byte), in turns, RUNS rounds (default 10) after a
 *    warm-up, medians. Generating reads the files, hashes them for
 *    event.json and copies them into tests/test_files/.
 * 2. Peak RSS (`/usr/bin/time -f %M`) of generating with one file of
 *    BIG_GIB GiB (default 2; 0 skips it).
 *
 * Exits 1 when the ratio is above TARGET or the peak above RSS_TARGET_MIB.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 10);
const BIG_GIB = Number(process.env.BIG_GIB ?? 2);
const TARGET = 0.75;
const RSS_TARGET_MIB = 100;
const bin = fileURLToPath(new URL('../bin/create-pacifica-dispatcher.js', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'cpd-fixtures-'));

const medianOf = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

function once(file, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${file} ${args.slice(0, 3).join(' ')} exited ${result.status}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

try {
  const data = path.join(work, 'data');
  mkdirSync(data);
  const files = Array.from({ length: 128 }, (_, i) => path.join(data, `file-${String(i).padStart(3, '0')}.txt`));
  for (const file of files) writeFileSync(file, randomBytes(2 * 1024 * 1024));

  const commands = [
    ['sha1sum', files],
    [process.execPath, [bin, 'Example', '--yes', '--skip-tests', '--no-git', '-d', 'out', '--fixture', data]],
  ];
  const times = commands.map(() => []);
  for (let round = 0; round <= RUNS; round++) {
    commands.forEach(([file, args], index) => {
      // Each round generates a new project, as a user does, not one replacing
      // the last round's 256 MiB (--force: a journaled swap of every file).
      rmSync(path.join(work, 'out'), { recursive: true, force: true });
      const ms = once(file, args);
      if (round > 0) times[index].push(ms); // round 0 warms the page cache
    });
  }
  const [floor, generate] = times.map(medianOf);
  const ratio = generate / floor;
  console.log(`sha1sum of 128 files / 256 MiB (floor)   ${floor.toFixed(0).padStart(6)} ms`);
  console.log(`new --fixture (the same files)            ${generate.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}x`);
  let ok = ratio <= TARGET;
  console.log(`RESULT fixtures / sha1sum = ${ratio.toFixed(2)} (target <= ${TARGET}): ${ok ? 'PASS' : 'FAIL'}`);

  if (BIG_GIB > 0 && existsSync('/usr/bin/time')) {
    const big = path.join(work, 'big');
    mkdirSync(big);
    const fd = openSync(path.join(big, 'big.txt'), 'w');
    const chunk = randomBytes(8 * 1024 * 1024);
    for (let i = 0; i < BIG_GIB * 128; i++) writeSync(fd, chunk);
    closeSync(fd);
    const run = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        bin,
        'Example',
        '--yes',
        '--skip-tests',
        '--no-git',
        '-d',
        'out-big',
        '--fixture',
        big,
      ],
      { cwd: work, encoding: 'utf8' },
    );
    const kib = Number(run.stderr.trim().split('\n').pop());
    const mib = kib / 1024;
    const fine = run.status === 0 && mib <= RSS_TARGET_MIB;
    console.log(
      `RESULT peak RSS with one ${BIG_GIB} GiB file = ${mib.toFixed(0)} MiB (target <= ${RSS_TARGET_MIB}): ${fine ? 'PASS' : 'FAIL'}`,
    );
    ok &&= fine;
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
