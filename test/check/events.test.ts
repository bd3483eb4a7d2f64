import { describe, expect, it } from 'vitest';
import { checkEventStructure } from '../../src/check/events.js';
import { eventLines } from '../../src/check/json-lines.js';

const EVENT = `{
  "cloudEventsVersion": "0.1",
  "data": [
    {"destinationTable": "Transactions._id", "value": 1},
    {
      "_id": 1,
      "destinationTable": "Files",
      "name": "a \\"quoted\\" name.txt",
      "nested": {"size": [1, {"x": "y"}]},
      "size": 3
    }
  ],
  "eventID": "E1"
}
`;

describe('eventLines', () => {
  it('finds the lines of top-level keys, data items and their keys', () => {
    const lines = eventLines(EVENT);
    expect([...lines.keys]).toEqual([
      ['cloudEventsVersion', 2],
      ['data', 3],
      ['eventID', 13],
    ]);
    expect(lines.items.map((item) => item.line)).toEqual([4, 5]);
    expect([...(lines.items[1]?.keys ?? [])]).toEqual([
      ['_id', 6],
      ['destinationTable', 7],
      ['name', 8],
      ['nested', 9],
      ['size', 10],
    ]);
  });

  it('never throws on text that is not JSON', () => {
    expect(() => eventLines('{"data": [ "unterminated')).not.toThrow();
  });
});

describe('checkEventStructure', () => {
  const check = (doc: unknown, eventId = 'E1') =>
    checkEventStructure(eventId, 'tests/test_files/E1/event.json', JSON.stringify(doc, null, 2));
  const envelope = {
    cloudEventsVersion: '0.1',
    eventID: 'E1',
    eventType: 'org.pacifica.metadata.ingest',
    source: '/pacifica/metadata/ingest',
  };
  const file = {
    _id: 1,
    destinationTable: 'Files',
    name: 'a.txt',
    subdir: '',
    size: 1,
    hashsum: 'x',
    hashtype: 'sha1',
    mimetype: 'text/plain',
    ctime: 't',
    mtime: 't',
  };

  it('accepts the SOP structure and hands on its Files items', () => {
    const result = check({ ...envelope, data: [{ destinationTable: 'Transactions._id', value: 1 }, file] });
    expect(result.problems).toEqual([]);
    expect(result.files).toEqual([
      {
        path: 'a.txt',
        name: 'a.txt',
        size: 1,
        hashsum: 'x',
        hashtype: 'sha1',
        mimetype: 'text/plain',
        line: expect.any(Number),
      },
    ]);
  });

  it.each([
    ['an array', [], /must be a JSON object/],
    ['data that is not an array', { ...envelope, data: {} }, /"data" must be an array/],
    ['no data', envelope, /"data" is missing/],
  ])('refuses %s', (_name, doc, message) => {
    expect(
      check(doc)
        .problems.map((p) => p.message)
        .join('\n'),
    ).toMatch(message);
  });

  it('keeps a Files item whose name or subdir would leave data/ away from the data check', () => {
    const result = check({
      ...envelope,
      data: [
        { destinationTable: 'Transactions._id', value: 1 },
        { ...file, subdir: '../..' },
        { ...file, _id: 2, name: '../x' },
      ],
    });
    expect(result.files).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Files item "a.txt" (data item 2): "subdir" must be a relative POSIX path inside data/ ("" at top level), found "../.."',
      'Files item "../x" (data item 3): "name" must be a file name without "/" (directories go in "subdir"), found "../x"',
    ]);
  });

  it('reports two Files items that describe the same file, or share an _id', () => {
    const result = check({
      ...envelope,
      data: [{ destinationTable: 'Transactions._id', value: 1 }, file, { ...file }],
    });
    expect(result.problems.map((p) => p.message)).toEqual([
      'Files item "a.txt" (data item 3): _id 1 is also the _id of data item 2',
      'Files item "a.txt" (data item 3) describes data/a.txt, as data item 2 does',
    ]);
  });
});
