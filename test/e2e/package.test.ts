import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  it('installs and generates a project with its templates, and its second bin answers', () => {
    const work = tempDir();
    const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 180_000 });
    const pack = npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', work], repoRoot);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = path.join(work, pack.stdout.trim().split('\n').pop()!);
    const install = npm(['install', '--no-audit', '--no-fund', '--prefix', path.join(work, 'app'), tarball], work);
    expect(install.status, install.stderr).toBe(0);
    const bin = (name: string) => path.join(work, 'app', 'node_modules', '.bin', name);
    const created = spawnSync(bin('create-pacifica-dispatcher'), ['Example', '--yes', '--skip-tests', '-d', 'out'], { cwd: work, encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    expect(existsSync(path.join(work, 'out', 'pacifica', 'dispatcher_example', 'event_handlers.py'))).toBe(true);
    const checked = spawnSync(bin('pacifica-dispatcher'), ['check', 'out'], { cwd: work, encoding: 'utf8' });
    expect(checked.stderr).toContain('all checks passed');
    expect(checked.status).toBe(0);
  }, 240_000);
});
