import path from 'node:path';
import type { Io } from '../core/io.js';
import type { Answers } from '../core/types.js';
import { answersFromFlags, type Flags, finaliseAnswers, mergeAnswers, type PartialAnswers } from './answers.js';
import { readAnswersFile } from './answers-file.js';

/** Whether to ask questions: a terminal, and no --yes. */
export const isInteractive = (flags: Flags, io: Io): boolean => io.isTTY && flags.yes !== true;

/** What flags, the answers file and prompts gave, before defaults; `asked` when a prompt was answered. */
export interface GatheredAnswers {
  given: PartialAnswers;
  asked: boolean;
}

/**
 * flags > answers file > prompts > defaults. Prompts (loaded only when
 * needed) ask only what flags and the file left open; `prompting` carries
 * what they need to check answers (--force) and to default the author.
 */
export async function gatherAnswers(
  projectName: string | undefined,
  flags: Flags,
  io: Io,
  cwd: string,
  prompting: { force?: boolean; author?: () => Promise<{ name?: string; email?: string }> } = {},
): Promise<GatheredAnswers> {
  const fromFlags = answersFromFlags(projectName, flags, cwd);
  const fromFile = flags.answers !== undefined ? await readAnswersFile(path.resolve(cwd, flags.answers)) : {};
  const given = mergeAnswers(fromFlags, fromFile);
  if (!isInteractive(flags, io)) return { given, asked: false };
  const { askMissing } = await import('./prompts.js');
  const author = given.author === undefined || given.authorEmail === undefined ? await prompting.author?.() : undefined;
  const asked = await askMissing(given, cwd, io, { force: prompting.force === true, ...(author ? { author } : {}) });
  return { given: mergeAnswers(given, asked), asked: Object.keys(asked).length > 0 };
}

export async function resolveAnswers(
  projectName: string | undefined,
  flags: Flags,
  io: Io,
  cwd: string,
): Promise<Answers> {
  return finaliseAnswers((await gatherAnswers(projectName, flags, io, cwd)).given, cwd);
}
