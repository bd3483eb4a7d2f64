import { describe, expect, it } from 'vitest';
import { unmatchableReason } from '../../src/jsonpath/index.js';
import { deriveNames } from '../../src/project/naming.js';
import { defaultKeyValue, routeSpec, routeText, SOP_SOURCE } from '../../src/project/routes.js';

const names = deriveNames('Example');

describe('routeText', () => {
  it("writes the SOP example route for the project's own names, plus the loop-breaker", () => {
    const route = routeSpec(names, 'example', 'ExampleEventHandler', {
      keyValues: [defaultKeyValue(names)],
      mimetype: 'text/plain',
      subdir: '',
      eventType: 'org.pacifica.metadata.ingest',
      source: SOP_SOURCE,
    });
    expect(routeText(route)).toBe(`$[?(
  $["data"][*][?(
    @["destinationTable"] = "TransactionKeyValue"
      and
    @["key"] = "example-key"
      and
    @["value"] = "example-value"
  )]
    and
  $["data"][*][?(
    @["destinationTable"] = "Files"
      and
    @["mimetype"] = "text/plain"
      and
    @["subdir"] = ""
  )]
    and
  not $["data"][*][?(
    @["destinationTable"] = "TransactionKeyValue"
      and
    @["key"] = "processed-by"
      and
    @["value"] = "pacifica-dispatcher-example"
  )]
    and
  $["eventID"]
    and
  $["eventType"] = "org.pacifica.metadata.ingest"
    and
  $["source"] = "/pacifica/metadata/ingest"
)]
`);
  });

  it('requires only the key for a key-exists filter, and omits the clauses not asked for', () => {
    const text = routeText(
      routeSpec(names, 'example', 'ExampleEventHandler', { keyValues: [{ key: 'k' }], eventType: 'x.y' }),
    );
    expect(text).toContain('@["key"] = "k"\n      and\n    @["value"]\n');
    expect(text).not.toContain('"Files"');
    expect(text).not.toContain('$["source"]');
  });
});

describe('unmatchableReason', () => {
  it.each([
    ['a"b', /double quote/],
    ['a\\b', /backslash/],
    ['a\nb', /control character/],
    ['tab\there', /control character/],
    ['café', /non-ASCII/],
  ])('refuses %j, which no jsonpath2 route can match', (value, reason) => {
    expect(unmatchableReason(value)).toMatch(reason);
  });

  it('accepts printable ASCII, including jsonpath2 punctuation', () => {
    expect(unmatchableReason("it's $[?(@.x)] <%= y %> = 1")).toBeUndefined();
  });
});
