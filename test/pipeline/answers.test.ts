import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/core/io.js';
import { answersFromFlags, finaliseAnswers, mergeAnswers } from '../../src/pipeline/answers.js';
import { readAnswersFile } from '../../src/pipeline/answers-file.js';
import { resolveAnswers } from '../../src/pipeline/gather.js';
import { tempDir } from '../helpers/tmp.js';

const cwd = path.join(tmpdir(), 'projects');
const nonInteractive: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: new PassThrough(),
  isTTY: false,
  verbose: false,
};

describe('finaliseAnswers', () => {
  it("fills defaults that reproduce the SOP example route for the project's own names", () => {
    const answers = finaliseAnswers({ projectName: 'Hello, world!' }, cwd);
    expect(answers.directory).toBe(path.resolve(cwd, 'pacifica-dispatcher-hello-world'));
    expect(answers.route).toEqual({
      keyValues: [{ key: 'hello-world-key', value: 'hello-world-value' }],
      mimetype: 'text/plain',
      subdir: '',
      eventType: 'org.pacifica.metadata.ingest',
      source: '/pacifica/metadata/ingest',
    });
    expect(answers.ci).toEqual({ github: true, travis: false, appveyor: false });
  });

  it('names the flag when the project name is missing', () => {
    expect(() => finaliseAnswers({}, cwd)).toThrow(/No project name given/);
  });

  it.each([
    [{ keyValues: ['=x'] }, /has no key/],
    [{ keyValues: ['k=a"b'] }, /double quote/],
    [{ keyValues: ['k=1', 'k=2'] }, /given twice/],
    [{ mimetype: 'plain' }, /type\/subtype/],
    [{ subdir: '../up' }, /plain relative path/],
    [{ source: 'caf\u00e9' }, /non-ASCII/],
    [{ eventType: '' }, /event type is empty/],
    [{ authorEmail: 'nobody' }, /not an email address/],
    [{ ci: ['jenkins'] }, /Unknown CI provider "jenkins"/],
    [{ mimetype: null, subdir: 'x' }, /subdir was given for a route without a file filter/],
    [{ ci: ['none', 'github'] }, /"none" cannot be combined with github/],
    [{ authorEmail: 'a@b' }, /not an email address/],
  ])('refuses %j with a message naming the problem', (partial, message) => {
    expect(() => finaliseAnswers({ projectName: 'x', ...partial }, cwd)).toThrow(message);
  });

  it('turns explicit "none" answers into a route without a file filter or source check', () => {
    const answers = finaliseAnswers(
      { projectName: 'x', mimetype: null, source: null, keyValues: ['only-key'], ci: ['none'] },
      cwd,
    );
    expect(answers.route).toEqual({ keyValues: [{ key: 'only-key' }], eventType: 'org.pacifica.metadata.ingest' });
    expect(answers.ci).toEqual({ github: false, travis: false, appveyor: false });
  });

  it('normalises a subdir the way Pacifica writes it', () => {
    expect(finaliseAnswers({ projectName: 'x', subdir: '/raw/images/' }, cwd).route.subdir).toBe('raw/images');
  });
});

describe('precedence', () => {
  it('takes flags over the answers file, and the file over defaults', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'answers.json');
    writeFileSync(
      file,
      JSON.stringify({
        projectName: 'From file',
        description: 'file',
        author: 'File Author',
        fixtures: ['data'],
        source: null,
      }),
    );
    const answers = await resolveAnswers(
      undefined,
      { answers: file, description: 'flag', yes: true },
      nonInteractive,
      cwd,
    );
    expect(answers.names.projectName).toBe('From file');
    expect(answers.description).toBe('flag');
    expect(answers.author).toBe('File Author');
    expect(answers.fixtures).toEqual([path.join(dir, 'data')]);
    expect(answers.route.source).toBeUndefined();
  });

  it('never prompts without a terminal: a missing name is an error naming how to give it', async () => {
    await expect(resolveAnswers(undefined, {}, nonInteractive, cwd)).rejects.toThrow(/No project name given/);
  });

  it('maps --no-source and --no-file-filter to explicit nones', () => {
    expect(answersFromFlags('x', { source: false, fileFilter: false }, cwd)).toEqual({
      projectName: 'x',
      source: null,
      mimetype: null,
    });
  });

  it('merges layers with the earliest winning', () => {
    expect(mergeAnswers({ author: 'a' }, { author: 'b', description: 'd' })).toEqual({ author: 'a', description: 'd' });
  });
});

describe('readAnswersFile', () => {
  it.each([
    ['not json', /not valid JSON/],
    ['[]', /must hold a JSON object/],
    ['{"projectname": "x"}', /unknown key "projectname"/],
    ['{"keyValues": "a=b"}', /"keyValues" must be an array of strings/],
    ['{"__proto__": "x"}', /unknown key "__proto__"/],
  ])('refuses %j', async (text, message) => {
    const file = path.join(tempDir(), 'a.json');
    writeFileSync(file, text);
    await expect(readAnswersFile(file)).rejects.toThrow(message);
  });

  it('says which file it cannot read', async () => {
    await expect(readAnswersFile('/nonexistent/answers.json')).rejects.toThrow(
      /Cannot read answers file "\/nonexistent\/answers.json": it does not exist/,
    );
  });
});
