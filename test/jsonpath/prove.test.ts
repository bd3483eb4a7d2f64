import { describe, expect, it } from 'vitest';
import { explainClauses, parseJson, parsePath, proveRoute } from '../../src/jsonpath/index.js';

const EVENT = JSON.stringify({
  cloudEventsVersion: '0.1',
  data: [
    { destinationTable: 'Transactions._id', value: -1 },
    { destinationTable: 'TransactionKeyValue', key: 'example-key', value: 'example-value' },
    { _id: 1, destinationTable: 'Files', mimetype: 'text/plain', name: 'lipsum.txt', size: 614, subdir: '' },
  ],
  eventID: 'C234-1234-1234',
  eventType: 'org.pacifica.metadata.ingest',
  source: '/pacifica/metadata/ingest',
});

const route = (keyValue: string, mimetype = 'text/plain'): string => `$[?(
  $["data"][*][?(
    @["destinationTable"] = "TransactionKeyValue"
      and
    @["key"] = "${keyValue}"
  )]
    and
  $["data"][*][?(@["destinationTable"] = "Files" and @["mimetype"] = "${mimetype}")]
    and
  $["eventID"]
    and
  $["eventType"] = "org.pacifica.metadata.ingest"
)]
`;

const prove = (text: string, events = [{ file: 'tests/test_files/E1/event.json', text: EVENT }]): string[] =>
  proveRoute({ routeFile: 'jsonpath2/hello_world.txt', routeText: text, events });

describe('proveRoute', () => {
  it('finds no problem when the route matches every event exactly once at the root', () => {
    expect(
      prove(route('example-key'), [
        { file: 'a.json', text: EVENT },
        { file: 'b.json', text: EVENT },
      ]),
    ).toEqual([]);
  });

  it('names the false clause and what the event has instead when a route matches 0 times', () => {
    expect(prove(route('x'))).toEqual([
      'route jsonpath2/hello_world.txt matches tests/test_files/E1/event.json 0 times: clause 1 ' +
        '($["data"][*][?(@["destinationTable"] = "TransactionKeyValue" and @["key"] = "x")]) is false: ' +
        'found no TransactionKeyValue with key "x" ($["data"][1] has key "example-key")',
    ]);
  });

  it('lists every false clause, one per line', () => {
    const [problem] = prove(route('x', 'image/png'));
    expect(problem?.split('\n')).toEqual([
      'route jsonpath2/hello_world.txt matches tests/test_files/E1/event.json 0 times:',
      '    clause 1 ($["data"][*][?(@["destinationTable"] = "TransactionKeyValue" and @["key"] = "x")]) is false: found no TransactionKeyValue with key "x" ($["data"][1] has key "example-key");',
      '    clause 2 ($["data"][*][?(@["destinationTable"] = "Files" and @["mimetype"] = "image/png")]) is false: found no Files with mimetype "image/png" ($["data"][2] has mimetype "text/plain")',
    ]);
  });

  it('says which value a top-level comparison met', () => {
    expect(prove('$[?($["eventID"] and $["eventType"] = "org.pacifica.metadata.doiupload")]')[0]).toMatch(
      /clause 2 \(\$\["eventType"\] = "org.pacifica.metadata.doiupload"\) is false: \$\["eventType"\] is "org.pacifica.metadata.ingest", not "org.pacifica.metadata.doiupload"$/,
    );
  });

  it('says which item kind is missing when no item has the destination table', () => {
    expect(prove('$[?($["data"][*][?(@["destinationTable"] = "Foo")])]')[0]).toContain(
      'found no Foo item in $["data"][*] (destinationTable values: "Transactions._id", "TransactionKeyValue", "Files")',
    );
  });

  it('explains a missing key and a present key under not', () => {
    const [problem] = prove('$[?($["nope"] and not $["eventID"])]');
    expect(problem).toContain('clause 1 ($["nope"]) is false: $["nope"] does not exist');
    expect(problem).toContain('clause 2 (not $["eventID"]) is false: $["eventID"] exists (it is "C234-1234-1234")');
  });

  it('reports a route file that fails to parse with file:line:col and a caret', () => {
    expect(prove('$[?(\n  $["eventID"] and\n)]')).toEqual([
      "route jsonpath2/hello_world.txt:3:1: mismatched input ')' expecting {'@', '$', 'not', 'true', 'false', 'null', '{', '[', '(', STRING, NUMBER}\n  )]\n  ^",
    ]);
  });

  it('refuses non-ASCII route text, which Path.parse_file cannot read', () => {
    expect(prove('$[?($["eventType"] = "é")]')[0]).toMatch(
      /^route jsonpath2\/hello_world.txt:1:23: non-ASCII character "é" \(U\+00E9\).*UnicodeDecodeError/,
    );
  });

  it('reports a route that matches more than once', () => {
    expect(prove('$["data"][*]')).toEqual([
      'route jsonpath2/hello_world.txt matches tests/test_files/E1/event.json 3 times (at $["data"][0], $["data"][1], $["data"][2]); a route must match the root exactly once',
    ]);
  });

  it('reports a single match that is not the root', () => {
    expect(prove('$["eventID"]')[0]).toContain('once, but at $["eventID"] instead of the root $');
  });

  it('reports an event that is not JSON', () => {
    expect(prove(route('example-key'), [{ file: 'bad.json', text: '{"a":' }])).toEqual([
      'bad.json is not valid JSON: Expecting value: line 1 column 6 (char 5)',
    ]);
  });

  it('surfaces errors upstream raises lazily, by exhausting the matches', () => {
    const problems = proveRoute({
      routeFile: 'r.txt',
      routeText: '$[?($["data"][*]["value"] contains "x")]',
      events: [{ file: 'e.json', text: EVENT }],
      contains: true,
    });
    expect(problems[0]).toMatch(
      /^route r.txt fails on e.json: r.txt:1:27: TypeError: argument of type 'int' is not iterable/,
    );
  });
});

describe('explainClauses', () => {
  it('gives a verdict per top-level clause in printed form', () => {
    const clauses = explainClauses(parsePath(route('x')), parseJson(EVENT));
    expect(clauses?.map((c) => [c.index, c.holds])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
    ]);
    expect(clauses?.[2]?.text).toBe('$["eventID"]');
  });

  it('returns undefined for a path that is not a root filter', () => {
    expect(explainClauses(parsePath('$["data"]'), parseJson(EVENT))).toBeUndefined();
  });
});
