/**
 * How the runner talks: step lines, durations, output tails, and commands
 * shown to the user for copy-and-paste.
 */
import path from 'node:path';

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
  return head + shown.map((line) => `  │ ${line}`).join('\n') + '\n';
}

/**
 * Quotes one argument for the user's shell when it needs it. Only for
 * display: commands are always spawned as argument arrays.
 */
export function quoteArg(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w@%+=:,./\\-]+$/.test(arg)) return arg;
  if (platform === 'win32') return `"${arg.replace(/"/g, '""')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function displayCommand(words: string[], platform: NodeJS.Platform = process.platform): string {
  return words.map((word) => quoteArg(word, platform)).join(' ');
}

/**
 * The project directory as the user would type it: relative to the current
 * directory when inside it, so messages stay short and carry no more of the
 * machine's layout than the user gave.
 */
export function displayDir(projectDir: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, projectDir);
  if (relative === '') return '.';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return projectDir;
  return relative;
}
