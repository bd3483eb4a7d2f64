/**
 * The generated tests, run the SOP way (`cd tests && python -m unittest …`):
 * which modules to pass, and what unittest's closing lines say.
 */

import { plural } from '../core/plural.js';
import { listDirIfPresent } from '../core/walk.js';

/** What one unittest run reported. */
export interface TestSummary {
  ran: number;
  failures: number;
  errors: number;
  skipped: number;
  /** unittest said OK and at least one test ran. */
  ok: boolean;
}

/** Every `*_test.py` directly in `testsDir` (none without it), sorted so runs are repeatable. */
export async function listTestModules(testsDir: string): Promise<string[]> {
  const entries = (await listDirIfPresent(testsDir)) ?? [];
  return entries.filter((entry) => entry.kind === 'file' && entry.name.endsWith('_test.py')).map((entry) => entry.name);
}

function count(details: string, key: string): number {
  const match = new RegExp(`(?:^|, )${key}=(\\d+)`).exec(details);
  return match ? Number(match[1]) : 0;
}

/**
 * Reads `Ran N tests` and the verdict after it (`OK`, `OK (skipped=K)`,
 * `FAILED (failures=F, errors=E, skipped=K)`); the last run in the output
 * wins. undefined when unittest never got that far (import crash, kill).
 */
export function parseUnittestOutput(output: string): TestSummary | undefined {
  const ranMatches = [...output.matchAll(/^Ran (\d+) tests? in [\d.]+s\s*$/gm)];
  const ran = ranMatches.at(-1);
  if (ran?.index === undefined) return undefined;
  const rest = output.slice(ran.index);
  const verdict = /^(OK|FAILED|NO TESTS RAN)(?: \(([^)]*)\))?\s*$/m.exec(rest);
  if (!verdict) return undefined;
  const details = verdict[2] ?? '';
  const summary = {
    ran: Number(ran[1]),
    failures: count(details, 'failures'),
    errors: count(details, 'errors'),
    skipped: count(details, 'skipped'),
  };
  return { ...summary, ok: verdict[1] === 'OK' && summary.ran > 0 };
}

/** `3 run, 1 failed, 0 errors, 1 skipped` */
export function formatSummary(summary: TestSummary): string {
  return `${summary.ran} run, ${summary.failures} failed, ${plural(summary.errors, 'error')}, ${summary.skipped} skipped`;
}
