import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { createBin, dispatcherBin, run } from './cli.js';

/**
 * The full proof: generated projects installed into an environment that has
 * the real upstream stack (pacifica-dispatcher, jsonpath2 0.4.5,
 * cloudevents-python, ...), and every generated test run there. Runs only
 * when PACIFICA_PYTHON names that environment's interpreter.
 */
const python = process.env.PACIFICA_PYTHON;
const installed: string[] = [];

afterAll(() => {
  // Leave the shared environment as it was.
  if (python && installed.length > 0)
    spawnSync(python, ['-m', 'pip', 'uninstall', '-y', ...installed], { encoding: 'utf8' });
});

function generateAndTest(args: string[], cwd: string, repository: string): { stderr: string; status: number | null } {
  installed.push(repository);
  // pip builds the project in isolation; one retry keeps an unreachable
  // default index from costing seconds per lookup on an offline machine.
  const result = run(createBin, [...args, '--yes', '-d', 'out', '--use-python', python!, '--no-deps'], {
    cwd,
    env: { PIP_RETRIES: '1' },
  });
  return { stderr: result.stderr, status: result.status };
}

describe('generated projects on the real upstream stack (PACIFICA_PYTHON)', () => {
  // Skipped with a reason, which the summary line repeats.
  beforeEach(({ skip }) => skip(!python, 'PACIFICA_PYTHON not set'));

  it.each([
    [['Example'], 'pacifica-dispatcher-example'],
    [['Hello, world!'], 'pacifica-dispatcher-hello-world'],
    [
      [
        'Multi Filter',
        '--key-value',
        'instrument-kind=microscope',
        '--key-value',
        'proposal',
        '--key-value',
        'campaign=2026-A',
        '--no-source',
      ],
      'pacifica-dispatcher-multi-filter',
    ],
  ])('%j passes every generated test', (args, repository) => {
    const result = generateAndTest(args, tempDir(), repository);
    expect(result.stderr).toMatch(/Ran [1-9]\d* tests|[1-9]\d* tests? passed/);
    expect(result.stderr).not.toMatch(/FAILED|errors?=/);
    expect(result.status).toBe(0);
  });

  it('passes with a directory fixture holding nested and binary files', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'run', 'raw', 'deep'), { recursive: true });
    writeFileSync(path.join(cwd, 'run', 'raw', 'frame.bin'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 13, 10]));
    writeFileSync(path.join(cwd, 'run', 'raw', 'deep', 'dark.bin'), Buffer.alloc(70_000, 0x9c));
    writeFileSync(path.join(cwd, 'run', 'notes.txt'), 'beam current 3 mA\r\nök\n');
    writeFileSync(path.join(cwd, 'single.bin'), Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    const args = [
      'Binary Frames',
      '--fixture',
      'run',
      '--fixture',
      'single.bin',
      '--mimetype',
      'application/octet-stream',
      '--subdir',
      'raw',
    ];
    const result = generateAndTest(args, cwd, 'pacifica-dispatcher-binary-frames');
    expect(result.stderr).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });

  it('passes after add route (nested binary data) and add fixture', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'scan', 'raw', 'deep'), { recursive: true });
    writeFileSync(path.join(cwd, 'scan', 'raw', 'deep', 'frame.bin'), Buffer.from([0, 0xff, 0x80, 10]));
    writeFileSync(path.join(cwd, 'scan', 'raw', 'index.csv'), 'frame,exposure\n1,0.5\n');
    writeFileSync(path.join(cwd, 'more.txt'), 'another reading\n');
    expect(run(createBin, ['Grown Later', '--yes', '--skip-tests', '-d', 'out'], { cwd }).status).toBe(0);
    const project = path.join(cwd, 'out');
    expect(
      run(
        dispatcherBin,
        [
          'add',
          'route',
          'scans',
          '--key-value',
          'kind=scan',
          '--mimetype',
          'text/csv',
          '--subdir',
          'raw',
          '--fixture',
          'scan',
          '-d',
          'out',
        ],
        { cwd },
      ).status,
    ).toBe(0);
    expect(
      run(dispatcherBin, ['add', 'fixture', '--from', '../more.txt', '--route', 'grown_later'], { cwd: project })
        .status,
    ).toBe(0);
    installed.push('pacifica-dispatcher-grown-later');
    const result = run(dispatcherBin, ['test', '--use-python', python!, '--no-deps'], {
      cwd: project,
      env: { PIP_RETRIES: '1' },
    });
    expect(result.stderr).toMatch(/Ran [1-9]\d* tests/);
    expect(result.stderr).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });
});
