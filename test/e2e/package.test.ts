import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { repoRoot } from './cli.js';

/**
 * What `npx create-pacifica-dispatcher` runs is the published package, not
 * this checkout: pack it (dist/ as `npm test` built it; no rebuild while
 * other tests run the bins), install the tarball, and generate with it.
 */
describe('the packed npm package', () => {
  it('ships no source maps and the MIT license, installs without pulling other packages, generates a project with its templates, and its second bin answers', () => {
    const work = tempDir();
    const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 180_000 });
    const pack = npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], repoRoot);
    expect(pack.status, pack.stderr).toBe(0);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const shipped = packed!.files.map((file) => file.path);
    // What a user runs, and the license: no source maps pointing at sources it does not ship.
    expect(shipped.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(shipped).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'bin/create-pacifica-dispatcher.js',
        'dist/main.cjs',
      ]),
    );
    expect(shipped.filter((file) => !/^(bin|dist|templates)\//.test(file)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
    expect(readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} create-pacifica-dispatcher contributors\n/,
    );
    const tarball = path.join(work, packed!.filename);
    const install = npm(['install', '--no-audit', '--no-fund', '--prefix', path.join(work, 'app'), tarball], work);
    expect(install.status, install.stderr).toBe(0);
    // The bundle carries its dependencies: installing pulls nothing else.
    expect(readdirSync(path.join(work, 'app', 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      'create-pacifica-dispatcher',
    ]);
    const bin = (name: string) => path.join(work, 'app', 'node_modules', '.bin', name);
    const created = spawnSync(bin('create-pacifica-dispatcher'), ['Example', '--yes', '--skip-tests', '-d', 'out'], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(created.status, created.stderr).toBe(0);
    expect(existsSync(path.join(work, 'out', 'pacifica', 'dispatcher_example', 'event_handlers.py'))).toBe(true);
    const checked = spawnSync(bin('pacifica-dispatcher'), ['check', 'out'], { cwd: work, encoding: 'utf8' });
    expect(checked.stderr).toContain('all checks passed');
    expect(checked.status).toBe(0);
  }, 240_000);
});
