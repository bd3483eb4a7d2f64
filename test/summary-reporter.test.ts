import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './e2e/cli.js';
import { tempDir } from './helpers/tmp.js';

/**
 * The summary line CI reads, from a real vitest run over a throwaway suite:
 * a file that does not load and a suite whose hook throws must show as
 * failures, and skips must say why.
 */
function runSuite(files: Record<string, string>): { line: string; status: number | null } {
  const dir = tempDir();
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `export default { test: { include: ['*.test.mjs'], reporters: [${JSON.stringify(path.join(repoRoot, 'test/summary-reporter.ts'))}] } };\n`,
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { line: result.stdout.slice(result.stdout.indexOf('tests: ')).trim(), status: result.status };
}

const PASSING = `import { it, expect } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n`;

describe('the summary line', () => {
  it('counts a test file that fails to load, and a suite whose hook throws, as failed', () => {
    const { line, status } = runSuite({
      'ok.test.mjs': PASSING,
      'broken.test.mjs': `import { it } from 'vitest';\nimport { nope } from './missing.mjs';\nit('never runs', () => nope());\n`,
      'hook.test.mjs': `import { beforeAll, describe, it } from 'vitest';\ndescribe('hooked', () => { beforeAll(() => { throw new Error('boom'); }); it('waits', () => {}); });\n`,
    });
    expect(status).not.toBe(0);
    expect(line).toMatch(/^tests: 1 passed, 2 failed, 1 skipped: not run, their suite failed$/m);
    expect(line).toContain('1 test file failed to load: broken.test.mjs');
    expect(line).toContain('1 suite failed in a hook: hook.test.mjs > hooked');
  });

  it('says why tests were skipped', () => {
    const { line, status } = runSuite({
      'ok.test.mjs': PASSING,
      'skips.test.mjs':
        `import { beforeEach, describe, it } from 'vitest';\n` +
        `describe('upstream', () => { beforeEach(({ skip }) => skip(true, 'PACIFICA_PYTHON not set')); it('a', () => {}); it('b', () => {}); });\n` +
        `it.skip('quietly', () => {});\n`,
    });
    expect(status).toBe(0);
    expect(line).toBe('tests: 1 passed, 0 failed, 3 skipped: PACIFICA_PYTHON not set (2), no reason given (1)');
  });
});
