import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EventJson, editJson, generatedProject, HELLO, read, runCheck, write } from './helpers.js';

describe('check on a generated project', () => {
  it('passes a fresh project with exit 0 and a one-line summary', async () => {
    const dir = generatedProject();
    const { code, stderr, stdout } = await runCheck(dir);
    expect(stderr).toBe('✔ pacifica-dispatcher-hello-world: 1 route, 1 event, all checks passed\n');
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('names the data file whose sha1 no longer matches after a byte is flipped', async () => {
    const dir = generatedProject();
    const file = path.join(dir, HELLO.dataFile);
    const bytes = Buffer.from(read(dir, HELLO.dataFile));
    bytes[0] = (bytes[0] as number) ^ 1;
    writeFileSync(file, bytes);
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toMatch(
      new RegExp(`^✖ ${HELLO.dataFile}: sha1 [0-9a-f]{40} differs from event\\.json \\([0-9a-f]{40}\\)$`, 'm'),
    );
    expect(stderr).not.toContain('size');
    expect(stderr).toContain('✖ pacifica-dispatcher-hello-world: 1 error, 0 warnings');
    expect(code).toBe(1);
  });

  it('reports the size and the sha1 of a data file that grew', async () => {
    const dir = generatedProject();
    const listed = Buffer.byteLength(read(dir, HELLO.dataFile));
    appendFileSync(path.join(dir, HELLO.dataFile), 'more');
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(`✖ ${HELLO.dataFile}: size ${listed + 4} differs from event.json (${listed})`);
    expect(stderr).toMatch(/sha1 [0-9a-f]{40} differs/);
    expect(code).toBe(1);
  });

  it('reports a data file that event.json does not list', async () => {
    const dir = generatedProject();
    write(dir, `${HELLO.eventDir}/data/raw/extra.csv`, 'a,b\n');
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(`✖ ${HELLO.eventDir}/data/raw/extra.csv: not listed in event.json`);
    expect(code).toBe(1);
  });

  it('reports a listed data file that was deleted, with the line of its Files item', async () => {
    const dir = generatedProject();
    rmSync(path.join(dir, HELLO.dataFile));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toMatch(new RegExp(`✖ ${HELLO.dataFile}: listed in event\\.json \\(line \\d+\\) but missing`));
    expect(code).toBe(1);
  });

  it('warns, without failing, when the mimetype differs from the one Pacifica records', async () => {
    const dir = generatedProject();
    editJson<EventJson>(dir, HELLO.eventFile, (event) => {
      for (const item of event.data) if (item.destinationTable === 'Files') item.mimetype = 'application/x-lipsum';
    });
    // The route requires text/plain, so point it at the new type to isolate the warning.
    write(dir, HELLO.routeFile, read(dir, HELLO.routeFile).replace('"text/plain"', '"application/x-lipsum"'));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      `⚠ ${HELLO.dataFile}: mimetype "application/x-lipsum" in event.json, but Pacifica records "text/plain"`,
    );
    expect(stderr).toContain('no errors, 1 warning');
    expect(code).toBe(0);
  });

  it('reports a route syntax error with line, column and a caret under it', async () => {
    const dir = generatedProject();
    write(
      dir,
      HELLO.routeFile,
      read(dir, HELLO.routeFile).replace('@["value"] = "hello-world-value"', '@["value"] = = "hello-world-value"'),
    );
    const { code, stderr } = await runCheck(dir);
    const lines = stderr.split('\n');
    const at = lines.findIndex((line) => line.startsWith(`✖ ${HELLO.routeFile}:7:18: extraneous input '='`));
    expect(at, stderr).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe('      @["value"] = = "hello-world-value"');
    expect(lines[at + 2]).toBe(`${' '.repeat(19)}^`);
    expect(code).toBe(1);
  });

  it('explains the failing clause when the route no longer matches its event', async () => {
    const dir = generatedProject();
    write(dir, HELLO.routeFile, read(dir, HELLO.routeFile).replace('"hello-world-value"', '"goodbye"'));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(`✖ ${HELLO.routeFile}: matches ${HELLO.eventFile} 0 times: clause 1 (`);
    expect(stderr).toContain('found no TransactionKeyValue with');
    expect(stderr).toContain('"goodbye"');
    expect(code).toBe(1);
  });

  it('reports an event without a Transactions._id item', async () => {
    const dir = generatedProject();
    editJson<EventJson>(dir, HELLO.eventFile, (event) => {
      event.data = event.data.filter((item) => item.destinationTable !== 'Transactions._id');
    });
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toMatch(new RegExp(`✖ ${HELLO.eventFile}:\\d+: data has no Transactions._id item`));
    expect(code).toBe(1);
  });

  it('reports a duplicated Transactions._id item at the line of the second one', async () => {
    const dir = generatedProject();
    editJson<EventJson>(dir, HELLO.eventFile, (event) => {
      event.data.push({ destinationTable: 'Transactions._id', value: 2 });
    });
    const text = read(dir, HELLO.eventFile).split('\n');
    const second = text.map((line, i) => (line.includes('"Transactions._id"') ? i + 1 : 0)).filter(Boolean)[1];
    const { code, stderr } = await runCheck(dir);
    // The line of the item is the line of its opening brace, just above its first key.
    expect(stderr).toContain(`✖ ${HELLO.eventFile}:${(second as number) - 1}: data has 2 Transactions._id items`);
    expect(code).toBe(1);
  });

  it('reports an eventID that differs from its directory name', async () => {
    const dir = generatedProject();
    editJson<EventJson>(dir, HELLO.eventFile, (event) => {
      event.eventID = 'metadata.ingest.99';
    });
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toMatch(/eventID "metadata\.ingest\.99" differs from its directory name "metadata\.ingest\.1"/);
    expect(code).toBe(1);
  });

  it('reports a Files item that lacks a field Pacifica ingest requires, and a field of the wrong type', async () => {
    const dir = generatedProject();
    editJson<EventJson>(dir, HELLO.eventFile, (event) => {
      const files = event.data.find((item) => item.destinationTable === 'Files') as Record<string, unknown>;
      delete files.mtime;
      files.size = String(files.size);
    });
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain('Files item "lipsum.txt" (data item 6) lacks "mtime", which Pacifica ingest requires');
    expect(stderr).toMatch(
      /Files item "lipsum\.txt" \(data item 6\): "size" must be a non-negative integer, found "\d+"/,
    );
    expect(code).toBe(1);
  });

  it('reports envelope attributes cloudevents-python requires', async () => {
    const dir = generatedProject();
    editJson<EventJson>(dir, HELLO.eventFile, (event) => {
      delete event.cloudEventsVersion;
      event.eventType = '';
      event.eventTime = 20180830;
    });
    const { stderr } = await runCheck(dir);
    expect(stderr).toContain('"cloudEventsVersion" is missing; cloudevents-python requires it');
    expect(stderr).toMatch(/:\d+: "eventType" must be a non-empty string, found ""/);
    expect(stderr).toMatch(/:\d+: "eventTime" must be a string, found 20180830/);
  });

  it('checks a hashtype other than sha1 with that algorithm, with a warning', async () => {
    const dir = generatedProject();
    editJson<EventJson>(dir, HELLO.eventFile, (event) => {
      const files = event.data.find((item) => item.destinationTable === 'Files') as Record<string, unknown>;
      files.hashtype = 'md5';
    });
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain('hashtype "md5" is not sha1');
    expect(stderr).toMatch(new RegExp(`✖ ${HELLO.dataFile}: md5 [0-9a-f]{32} differs from event\\.json`));
    expect(code).toBe(1);
  });

  it('reports invalid JSON with its line and column', async () => {
    const dir = generatedProject();
    write(dir, HELLO.eventFile, '{\n  "eventID": "metadata.ingest.1",\n  "data": [,]\n}\n');
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(`✖ ${HELLO.eventFile}:3:12: not valid JSON: Expecting value`);
    expect(code).toBe(1);
  });

  it('reports an event directory the state file lists but that is gone', async () => {
    const dir = generatedProject();
    renameSync(path.join(dir, HELLO.eventDir), path.join(dir, 'tests/test_files/metadata.ingest.7'));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      `✖ ${HELLO.eventDir}: .pacifica-dispatcher.json lists this event, but its directory does not exist`,
    );
    expect(stderr).toContain('⚠ tests/test_files/metadata.ingest.7: not listed in .pacifica-dispatcher.json');
    expect(stderr).toContain('eventID "metadata.ingest.1" differs from its directory name "metadata.ingest.7"');
    expect(code).toBe(1);
  });
});
