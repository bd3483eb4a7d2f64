import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * IO stays at the edges (DESIGN.md): one module owns each kind of side
 * effect, so a reader knows where to look and a test can fake it.
 */
const src = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Source without comments: a comment that names process.exit is no use of it. */
const code = (file: string): string => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');

const owners = (pattern: RegExp): string[] =>
  sources().filter((file) => pattern.test(code(file))).map((file) => path.relative(src, file).split(path.sep).join('/')).sort();

describe('module ownership', () => {
  it('lets only cli.ts touch the process\'s arguments, streams and exit code', () => {
    expect(owners(/process\.(argv|exit|exitCode|stdout|stdin|stderr)\b/)).toEqual(['cli.ts']);
  });

  it('lets only write.ts (and its commit, lock and staging steps) write project files, write-answers.ts keep typed answers, and the runner remove the .venv it failed to create', () => {
    expect(owners(/\b(writeFile|writeFileSync|createWriteStream|rename|rm|rmSync|copyFile|unlink|mkdtemp)\s*\(/)).toEqual(['runner/environment.ts', 'write-answers.ts', 'write-commit.ts', 'write-lock.ts', 'write-staging.ts', 'write.ts']);
  });

  it('lets only the runner spawn processes', () => {
    expect(owners(/from 'execa'|node:child_process/)).toEqual(['runner.ts', 'runner/exec.ts']);
  });

  it('keeps ejs in render.ts and the prompt library in prompts.ts', () => {
    expect(owners(/from 'ejs'/)).toEqual(['render.ts']);
    expect(owners(/from '@inquirer\/prompts'/)).toEqual(['prompts.ts']);
  });
});
