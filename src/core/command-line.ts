import path from 'node:path';

/** Commands and directories as shown to the user for copy-and-paste. */

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
