import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/core/io.js';
import { askMissing, type PromptFns } from '../../src/pipeline/prompts.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The question logic through the prompt layer: scripted answers stand in
 * for the keyboard, and each input's validate runs as inquirer runs it,
 * so an answer that is refused is asked again.
 */
type Script = Record<string, (string | number)[]>;

function scripted(script: Script, seen: { message: string; error?: string; default?: unknown }[]): PromptFns {
  const next = (message: string): string | number => {
    const key = Object.keys(script).find((prefix) => message.startsWith(prefix));
    const answers = key === undefined ? undefined : script[key];
    if (!answers || answers.length === 0) throw new Error(`no scripted answer for "${message}"`);
    return answers.shift()!;
  };
  return {
    async input(config) {
      for (;;) {
        const typed = String(next(config.message));
        const value = typed === '' ? (config.default ?? '') : typed;
        const verdict = config.validate ? await config.validate(value) : true;
        seen.push({
          message: config.message,
          ...(verdict === true ? {} : { error: verdict }),
          default: config.default,
        });
        if (verdict === true) return value;
      }
    },
    async select(config) {
      seen.push({ message: config.message, default: config.default });
      return config.choices[Number(next(config.message))]!.value;
    },
    async checkbox(config) {
      seen.push({ message: config.message });
      return config.choices.filter((choice) => choice.checked).map((choice) => choice.value);
    },
  };
}

const io = (): Io & { err: () => string } => {
  let err = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => ((err += chunk), true) },
    stdin: Readable.from([]),
    isTTY: true,
    verbose: false,
    err: () => err,
  };
};

describe('the questions', () => {
  it('take "no file filter" as an answer and then ask no subdirectory', async () => {
    const cwd = tempDir();
    const seen: { message: string }[] = [];
    const prompts = scripted(
      { 'File filter': [1], 'Check the event source': [0], 'Data files': [''], 'Write the project': [0] },
      seen,
    );
    const answers = await askMissing(
      {
        projectName: 'X',
        directory: path.join(cwd, 'x'),
        description: 'd',
        author: 'a',
        authorEmail: '',
        keyValues: ['k'],
        ci: ['github'],
      },
      cwd,
      io(),
      { prompts },
    );
    expect(answers.mimetype).toBeNull();
    expect(seen.map((entry) => entry.message)).not.toContain(
      'Subdirectory that file must be in (empty: the top level)',
    );
  });

  it('ask again for a non-empty directory and a missing fixture, then show the names and go back with the answers as defaults', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'taken'));
    writeFileSync(path.join(cwd, 'taken', 'a.txt'), 'x');
    writeFileSync(path.join(cwd, 'notes.txt'), 'a reading\n');
    const seen: { message: string; error?: string; default?: unknown }[] = [];
    const prompts = scripted(
      {
        Directory: ['taken', 'out', ''],
        Description: ['First', ''],
        'File filter': [0, 0],
        Subdirectory: ['', ''],
        'Check the event source': [1, 1],
        'Data files': ['missing.txt', 'notes.txt', ''],
        'Write the project': [1, 0],
      },
      seen,
    );
    const out = io();
    const answers = await askMissing(
      { projectName: 'Go Back', author: 'a', authorEmail: '', keyValues: ['k'], ci: ['github'] },
      cwd,
      out,
      { prompts },
    );
    expect(seen.find((entry) => entry.message === 'Directory' && entry.error)?.error).toMatch(/is not empty/);
    expect(seen.find((entry) => entry.message.startsWith('Data files') && entry.error)?.error).toMatch(
      /"missing\.txt" does not exist/,
    );
    // The second round offers the first round's answers.
    expect(seen.filter((entry) => entry.message === 'Directory').at(-1)?.default).toBe('out');
    expect(seen.filter((entry) => entry.message === 'Description').at(-1)?.default).toBe('First');
    expect(seen.filter((entry) => entry.message.startsWith('Data files')).at(-1)?.default).toBe('notes.txt');
    expect(answers).toMatchObject({
      directory: path.join(cwd, 'out'),
      description: 'First',
      mimetype: 'text/plain',
      source: null,
      fixtures: [path.join(cwd, 'notes.txt')],
    });
    expect(out.err()).toContain('classes     GoBackEventHandler, GoBackTestCase');
  });

  it('default the author from git', async () => {
    const cwd = tempDir();
    const seen: { message: string; default?: unknown }[] = [];
    const prompts = scripted({ 'Author email': [''], Author: [''], 'Write the project': [0] }, seen);
    const answers = await askMissing(
      {
        projectName: 'X',
        directory: path.join(cwd, 'x'),
        description: 'd',
        keyValues: ['k'],
        mimetype: null,
        source: null,
        fixtures: [],
        ci: [],
      },
      cwd,
      io(),
      { prompts, author: { name: 'Grace Hopper', email: 'grace@example.org' } },
    );
    expect(answers).toMatchObject({ author: 'Grace Hopper', authorEmail: 'grace@example.org' });
  });
});
