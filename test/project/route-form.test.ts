import { describe, expect, it } from 'vitest';
import { deriveNames, readRouteText, routeSpec, routeText } from '../../src/project/index.js';
import { EXAMPLE_ROUTE } from '../helpers/example-layout.js';

/** A route file read back into the RouteSpec it says, as `adopt` reads a hand-made project's. */
const names = deriveNames('Spectra');
const route = { name: 'spectra', handlerClass: 'SpectraEventHandler' };

describe('readRouteText', () => {
  it("reads the SOP example's route exactly, with the project's own loop-breaker", () => {
    const read = readRouteText(EXAMPLE_ROUTE, route, names.repository);
    expect(read.form).toBe('sop');
    expect(read.spec).toEqual({
      ...route,
      keyValues: [{ key: 'example-key', value: 'example-value' }],
      mimetype: 'text/plain',
      subdir: '',
      eventType: 'org.pacifica.metadata.ingest',
      source: '/pacifica/metadata/ingest',
      loopBreaker: { key: 'processed-by', value: 'pacifica-dispatcher-spectra' },
      provenanceKey: 'derived-from-transaction',
    });
    expect(routeText(read.spec, { loopBreaker: false })).toBe(EXAMPLE_ROUTE);
  });

  it.each([
    ['one key-value with any value, no file filter, no source', { keyValues: [{ key: 'k' }], eventType: 'e.t' }],
    [
      'two key-values, a subdir only, a source',
      {
        keyValues: [
          { key: 'a', value: '1' },
          { key: 'b', value: 'x y' },
        ],
        subdir: 'raw',
        eventType: 'org.pacifica.metadata.ingest',
        source: '/s',
      },
    ],
  ])('gives back the spec of a generated route (%s), whatever its whitespace', (_, answers) => {
    const spec = routeSpec(names, 'spectra', 'SpectraEventHandler', answers);
    const text = routeText(spec);
    expect(readRouteText(text, route, 'unused')).toEqual({ spec, form: 'generated', dropped: [] });
    expect(readRouteText(text.replace(/\n\s*/g, ' '), route, 'unused').form).toBe('generated');
  });

  it('reads any other route as closely as its clauses allow, and says it is another form', () => {
    const read = readRouteText(
      '$[?($["data"][*][?(@["destinationTable"] = "TransactionKeyValue" and @["key"] = "k" and @["value"] = "v")] or $["source"] = "/x")]',
      route,
      names.repository,
    );
    expect(read.form).toBe('other');
    expect(read.spec).toMatchObject({
      keyValues: [{ key: 'k', value: 'v' }],
      eventType: 'org.pacifica.metadata.ingest',
      source: '/x',
    });
    expect(read.spec).not.toHaveProperty('mimetype');
  });

  it('leaves out a value no route can match, and says so', () => {
    const read = readRouteText(EXAMPLE_ROUTE.replace('"example-value"', '"bad\\"value"'), route, names.repository);
    expect(read.form).toBe('other');
    expect(read.dropped).toEqual(['bad\\"value']);
  });
});
