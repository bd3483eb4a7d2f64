#!/usr/bin/env node
/**
 * `npm run bench`: every harness in turn (after the build), each comparing
 * against its floor measured in the same run. Exits 1 when any target is
 * missed; bench/README.md has the figures and the machine.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const harnesses = ['startup.mjs', 'jsonpath-match.mjs', 'jsonpath-process.mjs', 'fixtures.mjs', 'install.mjs'];
let failed = 0;
for (const harness of harnesses) {
  console.log(`\n== bench/${harness}`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(harness, import.meta.url))], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${failed === 0 ? 'all targets met' : `${failed} of ${harnesses.length} harnesses missed a target`}`);
process.exitCode = failed === 0 ? 0 : 1;
