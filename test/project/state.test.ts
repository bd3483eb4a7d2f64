import { describe, expect, it } from 'vitest';
import { parseState } from '../../src/project/index.js';

/** The state file's `year` (the copyright year in LICENSE): optional, and a year when there. */
const state = (extra: Record<string, unknown>): string =>
  JSON.stringify({
    generator: 'create-pacifica-dispatcher',
    version: '0.1.0',
    projectName: 'Example',
    description: '',
    author: '',
    authorEmail: '',
    ci: { github: false, travis: true, appveyor: true },
    routes: [
      {
        name: 'example',
        handlerClass: 'ExampleEventHandler',
        keyValues: [],
        eventType: 'org.pacifica.metadata.ingest',
        loopBreaker: { key: 'processed-by', value: 'pacifica-dispatcher-example' },
        provenanceKey: 'derived-from-transaction',
      },
    ],
    events: [],
    managedFiles: {},
    ...extra,
  });

describe("the state file's year", () => {
  it('may be absent, as state files before 0.2.0 are, or a year', () => {
    expect(parseState(state({}), 'f').year).toBeUndefined();
    expect(parseState(state({ year: 2019 }), 'f').year).toBe(2019);
  });

  it.each([['2019'], [19.5], [99999]])('refuses %j, saying where', (year) => {
    expect(() => parseState(state({ year }), 'f')).toThrow('"year" must be a year, such as 2026');
  });
});
