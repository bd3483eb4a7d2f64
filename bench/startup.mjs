#!/usr/bin/env node
/**
 * Start-up and generation time against the floor `node -e 0`, measured in
 * the same run:
 *
 *     npm run build && node bench/startup.mjs
 *
 * Each command is run RUNS times (default 20) after a warm-up; the median
 * wall time is compared with the median of `node -e 0`. Prints the ratios;
 * exits 1 when `--version` costs more than TARGET x the floor.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 20);
const TARGET = 1.3; // the best JS create tools start in 1.3x node -e 0
const bin = fileURLToPath(new URL('../bin/create-pacifica-dispatcher.js', import.meta.url));
const cwd = mkdtempSync(path.join(tmpdir(), 'cpd-startup-'));

function median(args) {
  const times = [];
  for (let i = 0; i <= RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
    if (i > 0) times.push(ms); // the first run warms the file cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

try {
  const floor = median(['-e', '0']);
  const version = median([bin, '--version']);
  const dryRun = median([bin, 'Example', '--yes', '--dry-run']);
  const generate = median([bin, 'Example', '--yes', '--skip-tests', '--force', '-d', 'out']);
  const line = (label, ms) => `${label.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / floor).toFixed(2)}x`;
  console.log(line('node -e 0 (floor)', floor));
  console.log(line('--version', version));
  console.log(line('Example --dry-run', dryRun));
  console.log(line('Example --skip-tests (writes)', generate));
  const ratio = version / floor;
  console.log(`RESULT --version / node -e 0 = ${ratio.toFixed(2)} (target <= ${TARGET}): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`);
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
