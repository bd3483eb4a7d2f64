import { readFileSync } from 'node:fs';
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
 * (test/data/made-by-0.1.0) comes out byte for byte.
 */
const PROJECT = path.resolve(import.meta.dirname, '../data/made-by-0.1.0/pacifica-dispatcher-hello-world');

describe('released templates', () => {
  it('render the project 0.1.0 wrote, byte for byte, matching the sha1s its state recorded', async () => {
    const state = parseState(readFileSync(path.join(PROJECT, '.pacifica-dispatcher.json'), 'utf8'), 'state');
    expect(state.version).toBe('0.1.0');
    const set = templatesOf('0.1.0');
    expect(set?.version).toBe('0.1.0');
    const rendered = await managedFiles(deriveNames(state.projectName), state, 2026, set);
    for (const [file, content] of rendered) {
      const onDisk = readFileSync(path.join(PROJECT, ...file.split('/')));
      expect(Buffer.compare(Buffer.from(content as string | Uint8Array), onDisk), file).toBe(0);
    }
    for (const [file, sha1] of Object.entries(state.managedFiles)) {
      expect(hashOf(rendered.get(file) as string), file).toBe(sha1);
    }
    expect(rendered.size).toBeGreaterThan(Object.keys(state.managedFiles).length);
  });

  it('know this version as the templates in templates/project, and no version they do not ship', () => {
    expect(templatesOf(TOOL_VERSION)?.version).toBe(TOOL_VERSION);
    expect(templatesOf('0.0.9')).toBeUndefined();
    expect(templatesOf('../0.1.0')).toBeUndefined();
  });
});
