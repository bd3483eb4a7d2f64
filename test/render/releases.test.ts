import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../../src/core/hash.js';
import { TOOL_VERSION } from '../../src/core/version.js';
import { managedFiles } from '../../src/pipeline/plan.js';
import { deriveNames, parseState } from '../../src/project/index.js';
import { templatesOf } from '../../src/render/index.js';

/**
 * `update` merges from what the version that made a project rendered. This
 * tool ships the templates of each released version (templates/releases/);
 * rendered from them, the project that version really wrote
 * (test/data/made-by-<version>) comes out byte for byte. README
 * "Development" says how a release adds both.
 */
const RELEASES = path.resolve(import.meta.dirname, '../../templates/releases');
const MADE_BY = path.resolve(import.meta.dirname, '../data');

describe('released templates', () => {
  const versions = readdirSync(RELEASES).sort();

  it('are kept for 0.1.0, and each has a project its version really made (test/data/made-by-<version>)', () => {
    expect(versions).toContain('0.1.0');
    expect(versions).not.toContain(TOOL_VERSION);
    for (const version of versions) expect(readdirSync(path.join(MADE_BY, `made-by-${version}`))).not.toEqual([]);
  });

  it.each(versions)(
    'of %s render the project that version wrote, byte for byte, matching the sha1s its state recorded',
    async (version) => {
      const root = path.join(MADE_BY, `made-by-${version}`);
      const project = path.join(root, readdirSync(root).find((name) => name.startsWith('pacifica-dispatcher-'))!);
      const state = parseState(readFileSync(path.join(project, '.pacifica-dispatcher.json'), 'utf8'), 'state');
      expect(state.version).toBe(version);
      const set = templatesOf(version);
      expect(set?.version).toBe(version);
      const license = readFileSync(path.join(project, 'LICENSE'), 'utf8');
      const year = state.year ?? Number(/Copyright \(c\) (\d{4})/.exec(license)?.[1]);
      const rendered = await managedFiles(deriveNames(state.projectName), state, year, set);
      for (const [file, content] of rendered) {
        const onDisk = readFileSync(path.join(project, ...file.split('/')));
        expect(Buffer.compare(Buffer.from(content as string | Uint8Array), onDisk), file).toBe(0);
      }
      for (const [file, sha1] of Object.entries(state.managedFiles)) {
        expect(hashOf(rendered.get(file) as string), file).toBe(sha1);
      }
    },
  );

  it('know this version as the templates in templates/project, and no version they do not ship', () => {
    expect(templatesOf(TOOL_VERSION)?.version).toBe(TOOL_VERSION);
    expect(templatesOf('0.0.9')).toBeUndefined();
    expect(templatesOf('../0.1.0')).toBeUndefined();
  });
});
