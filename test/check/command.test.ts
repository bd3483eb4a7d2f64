import { describe, expect, it } from 'vitest';
import { EXIT_CHECK_FAILED, EXIT_CHECK_PASSED } from '../../src/cli/commands/check.js';
import { generatedProject, HELLO, read, runCheck, write } from './helpers.js';

describe('check --json', () => {
  it('prints ok true and no problems for a clean project', async () => {
    const dir = generatedProject();
    const { code, stdout } = await runCheck(dir, { json: true });
    expect(JSON.parse(stdout)).toEqual({ ok: true, problems: [] });
    expect(code).toBe(EXIT_CHECK_PASSED);
  });

  it('prints each problem with severity, check, POSIX file, line and column', async () => {
    const dir = generatedProject();
    write(dir, HELLO.dataFile, `${read(dir, HELLO.dataFile)}!`);
    write(dir, 'README.md', `${read(dir, 'README.md')}See ExampleTestCase.\n`);
    const { code, stdout, stderr } = await runCheck(dir, { json: true });
    const report = JSON.parse(stdout) as { ok: boolean; problems: Record<string, unknown>[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({
      severity: 'error',
      check: 'fixture',
      file: HELLO.dataFile,
      message: expect.stringMatching(/^size \d+ differs from event\.json \(\d+\)$/),
    });
    expect(report.problems).toContainEqual({
      severity: 'warning',
      check: 'names',
      file: 'README.md',
      line: expect.any(Number),
      column: 5,
      message: expect.stringContaining('"ExampleTestCase" names another project'),
    });
    for (const found of report.problems) {
      expect(
        Object.keys(found).every((key) => ['severity', 'check', 'file', 'line', 'column', 'message'].includes(key)),
      ).toBe(true);
    }
    // Sorted by file: the README's warning comes before the fixture errors.
    expect(report.problems.map((p) => p.file)).toEqual([...report.problems.map((p) => p.file as string)].sort());
    expect(stderr).toContain('✖ pacifica-dispatcher-hello-world: 2 errors, 1 warning');
    expect(code).toBe(EXIT_CHECK_FAILED);
  });
});
