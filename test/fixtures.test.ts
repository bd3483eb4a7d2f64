import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvent, guessMimetype, hashFile, readFixture, sampleData } from '../src/fixtures.js';
import { deriveNames } from '../src/naming.js';
import { routeSpec, SOP_SOURCE } from '../src/routes.js';
import { tempDir } from './helpers/tmp.js';

const route = routeSpec(deriveNames('Example'), 'example', 'ExampleEventHandler', {
  keyValues: [{ key: 'example-key', value: 'example-value' }, { key: 'needs-key' }],
  mimetype: 'text/plain', subdir: '', eventType: 'org.pacifica.metadata.ingest', source: SOP_SOURCE,
});

describe('hashFile', () => {
  it('gives the sha1 that sha1sum gives and the size that wc -c gives', async () => {
    const file = path.join(tempDir(), 'data.bin');
    writeFileSync(file, Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 256)));
    const { sha1, size } = await hashFile(file);
    expect(sha1).toBe(execFileSync('sha1sum', [file], { encoding: 'utf8' }).split(' ')[0]);
    expect(size).toBe(Number(execFileSync('wc', ['-c', file], { encoding: 'utf8' }).trim().split(' ')[0]));
  });
});

describe('guessMimetype', () => {
  it.each([
    ['lipsum.txt', 'text/plain'],
    ['table.CSV', 'text/csv'],
    ['photo.png', 'image/png'],
    ['archive.tar.gz', 'application/x-tar'],
    ['bundle.tgz', 'application/x-tar'],
    ['notes.md', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream'],
  ])('gives %s the mimetype Python\'s built-in table gives', (name, expected) => {
    expect(guessMimetype(name)).toBe(expected);
  });

  it('agrees with Python\'s mimetypes for a spread of names', () => {
    const names = ['x.tar.GZ', 'Y.TXT', 'a.txt', 'b.json', 'c.xml', 'd.html', 'e.jpg', 'f.tiff', 'g.h5', 'h.py', 'i.tar.bz2', 'j.svgz', 'k.PDF', 'l.zip', 'm'];
    const script = 'import json, mimetypes, sys\ndb = mimetypes.MimeTypes(filenames=())\nprint(json.dumps([db.guess_type(n)[0] or "application/octet-stream" for n in json.loads(sys.argv[1])]))';
    const python = JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(names)], { encoding: 'utf8' }));
    expect(names.map(guessMimetype)).toEqual(python);
  });
});

describe('readFixture', () => {
  it('keeps a directory\'s tree: nested files get their subdir, in a stable order', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'raw', 'images'), { recursive: true });
    writeFileSync(path.join(dir, 'b.txt'), 'b');
    writeFileSync(path.join(dir, 'raw', 'images', 'x.png'), Buffer.from([137, 80, 78, 71]));
    writeFileSync(path.join(dir, 'a.csv'), 'a,b\n');
    const files = await readFixture(dir);
    expect(files.map((f) => [f.path, f.subdir, f.name, f.mimetype, f.size])).toEqual([
      ['a.csv', '', 'a.csv', 'text/csv', 4],
      ['b.txt', '', 'b.txt', 'text/plain', 1],
      ['raw/images/x.png', 'raw/images', 'x.png', 'image/png', 4],
    ]);
  });

  it('places a single file in the subdir the route requires', async () => {
    const file = path.join(tempDir(), 'one.txt');
    writeFileSync(file, 'x');
    const [data] = await readFixture(file, 'raw');
    expect(data).toMatchObject({ path: 'raw/one.txt', subdir: 'raw', name: 'one.txt' });
  });

  it('refuses a missing path, an empty directory and a link loop with clear messages', async () => {
    const dir = tempDir();
    await expect(readFixture(path.join(dir, 'nope'))).rejects.toThrow(/does not exist/);
    mkdirSync(path.join(dir, 'empty'));
    await expect(readFixture(path.join(dir, 'empty'))).rejects.toThrow(/has no files/);
    mkdirSync(path.join(dir, 'loop'));
    writeFileSync(path.join(dir, 'loop', 'f.txt'), 'f');
    symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'again'));
    await expect(readFixture(path.join(dir, 'loop'))).rejects.toThrow(/link loop/);
    mkdirSync(path.join(dir, 'broken'));
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'broken', 'gone.txt'));
    await expect(readFixture(path.join(dir, 'broken'))).rejects.toThrow(/broken\/gone\.txt" is a broken link/);
    await expect(readFixture(path.join(dir, 'broken', 'gone.txt'))).rejects.toThrow(/gone\.txt" is a broken link/);
    writeFileSync(path.join(dir, 'back\\slash.txt'), 'x');
    await expect(readFixture(path.join(dir, 'back\\slash.txt'))).rejects.toThrow(/has a backslash in its name/);
  });
});

describe('buildEvent', () => {
  it('builds the SOP structure with the route\'s key-values and one Files item per file', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const event = buildEvent(route, 7, [sampleData(route, now)], now) as { data: Record<string, unknown>[] } & Record<string, unknown>;
    expect(Object.keys(event)).toEqual(['cloudEventsVersion', 'contentType', 'data', 'eventID', 'eventTime', 'eventType', 'extensions', 'source']);
    expect(event).toMatchObject({ eventID: 'metadata.ingest.7', eventType: 'org.pacifica.metadata.ingest', source: SOP_SOURCE, eventTime: '2026-01-02T03:04:05' });
    expect(event.data.filter((item) => item.destinationTable === 'Transactions._id')).toEqual([{ destinationTable: 'Transactions._id', value: 7 }]);
    expect(event.data.filter((item) => item.destinationTable === 'TransactionKeyValue')).toEqual([
      { destinationTable: 'TransactionKeyValue', key: 'example-key', value: 'example-value' },
      { destinationTable: 'TransactionKeyValue', key: 'needs-key', value: 'needs-key-value' },
    ]);
    const [file] = event.data.filter((item) => item.destinationTable === 'Files');
    expect(Object.keys(file!)).toEqual(['_id', 'ctime', 'destinationTable', 'hashsum', 'hashtype', 'mimetype', 'mtime', 'name', 'size', 'subdir']);
    expect(file).toMatchObject({ name: 'lipsum.txt', subdir: '', mimetype: 'text/plain', hashtype: 'sha1' });
  });

  it('uses the source a default Metadata deployment sends when the route checks none', () => {
    const now = new Date();
    const { source: _source, ...noSource } = route;
    expect(buildEvent(noSource, 3, [sampleData(noSource, now)], now).source).toBe('http://metadata.pacifica.org/transactions?_id=3');
  });

  it('refuses a sample for a mimetype no file extension gives', () => {
    expect(() => sampleData({ mimetype: 'application/x-made-up' }, new Date())).toThrow(/No sample file can have mimetype/);
  });
});
