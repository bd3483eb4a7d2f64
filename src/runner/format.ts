/** How the runner talks: step lines, durations and output tails. */

/** Lines of captured output shown when a step fails. */
export const TAIL_LINES = 40;

/** `1.23456 s` -> `1.2s`; sub-second steps still show one decimal. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** `✔ Created .venv (2.1s)` or `✖ Installing the project failed (9.8s)`. */
export function stepLine(ok: boolean, label: string, ms: number): string {
  return `${ok ? '✔' : '✖'} ${label} (${formatDuration(ms)})\n`;
}

/**
 * The last `count` non-empty-trailing lines of `output`, indented, with a
 * note when lines were left out, so a failing step shows what went wrong
 * without burying the summary.
 */
export function tail(output: string, count = TAIL_LINES): string {
  const lines = output.replace(/\s+$/, '').split(/\r?\n/);
  if (lines.length === 1 && lines[0] === '') return '';
  const shown = lines.slice(-count);
  const skipped = lines.length - shown.length;
  const head = skipped > 0 ? `  … ${skipped} earlier line${skipped === 1 ? '' : 's'} not shown\n` : '';
  return `${head}${shown.map((line) => `  │ ${line}`).join('\n')}\n`;
}
