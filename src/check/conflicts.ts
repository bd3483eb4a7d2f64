/**
 * Conflict markers an `update` left (or a git merge) in the files the tool
 * manages: the project cannot run, nor be updated again, until someone
 * chooses between the lines.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { statIfPresent } from '../core/fs.js';
import type { LoadedProject } from '../project/index.js';
import { type Problem, problem } from './problems.js';

/** The 1-based line of the first complete conflict block (`<<<<<<< `, `=======`, `>>>>>>> `), if any. */
export function firstConflictLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  for (let start = 0; start < lines.length; start += 1) {
    if (!lines[start]!.startsWith('<<<<<<< ')) continue;
    const middle = lines.indexOf('=======', start + 1);
    if (middle < 0) return undefined;
    if (lines.slice(middle + 1).some((line) => line.startsWith('>>>>>>> '))) return start + 1;
  }
  return undefined;
}

/** A regular file's text; undefined for anything else (a FIFO, a directory, an unreadable file), which other checks report. */
async function readRegularFile(file: string): Promise<string | undefined> {
  try {
    return (await statIfPresent(file))?.isFile() ? await readFile(file, 'utf8') : undefined;
  } catch (error) {
    // Unreadable (permissions, a race with a removal): the checks that own the file say so.
    if ((error as NodeJS.ErrnoException).code !== undefined) return undefined;
    throw error;
  }
}

export async function checkConflictMarkers(project: LoadedProject): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const file of Object.keys(project.state?.managedFiles ?? {}).sort()) {
    const text = await readRegularFile(path.join(project.dir, ...file.split('/')));
    const line = text === undefined ? undefined : firstConflictLine(text);
    if (line === undefined) continue;
    problems.push(
      problem(
        'error',
        'update',
        file,
        'has conflict markers (<<<<<<< yours … ======= … >>>>>>>): keep the lines that belong, and remove the markers',
        { line },
      ),
    );
  }
  return problems;
}
