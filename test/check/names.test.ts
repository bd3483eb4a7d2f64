import { cpSync, renameSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameTokens } from '../../src/check/leftovers.js';
import { sameName } from '../../src/check/names.js';
import { nameWords } from '../../src/project/index.js';
import { editJson, generatedProject, HELLO, read, runCheck, write } from './helpers.js';

describe('nameWords', () => {
  it.each([
    ['hello_world', ['hello', 'world']],
    ['hello-world', ['hello', 'world']],
    ['HelloWorld', ['hello', 'world']],
    ['XMLParser', ['xml', 'parser']],
    ['xml_parser', ['xml', 'parser']],
    ['Dispatcher3DViewer', ['3d', 'viewer']],
    ['dispatcher_3d_viewer', ['3d', 'viewer']],
    ['3d_viewer', ['3d', 'viewer']],
  ])('gives the words of %s whatever its form', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });

  it('treats a snake name and its class-name form as the same name', () => {
    expect(sameName('xml_parser', 'XMLParser')).toBe(true);
    expect(sameName('example', 'HelloWorld')).toBe(false);
  });
});

describe('nameTokens', () => {
  it('finds the project-name part of each kind of token', () => {
    const tokens = nameTokens(
      'pacifica-dispatcher-example dispatcher_example ExampleEventHandler unittest.TestCase ExampleTestCase REPLACE_ME',
    );
    expect(tokens.map((token) => [token.kind, token.name])).toEqual([
      ['repository', 'example'],
      ['package', 'example'],
      ['handler', 'Example'],
      ['test', 'Example'],
      ['placeholder', undefined],
    ]);
  });

  it('ignores upstream names that only contain the patterns', () => {
    expect(
      nameTokens('pacifica-dispatcher pacifica.dispatcher.event_handlers EventHandler .pacifica-dispatcher.json'),
    ).toEqual([]);
  });

  it('takes only the PascalCase part of a test method that names a handler', () => {
    expect(nameTokens('def test_1_router_picks_HelloWorldEventHandler(self):')[0]?.name).toBe('HelloWorld');
  });
});

describe('check names', () => {
  it('reports a package directory that does not follow the project name', async () => {
    const dir = generatedProject();
    renameSync(path.join(dir, 'pacifica/dispatcher_hello_world'), path.join(dir, 'pacifica/dispatcher_other'));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      '✖ pacifica/dispatcher_other: does not follow the project name "Hello, world!": the SOP names its package directory pacifica/dispatcher_hello_world',
    );
    expect(code).toBe(1);
  });

  it('warns about leftover names of the example in the README, with file:line:column', async () => {
    const dir = generatedProject();
    const before = read(dir, 'README.md').split('\n').length;
    write(
      dir,
      'README.md',
      `${read(dir, 'README.md')}Based on ExampleEventHandler from pacifica/dispatcher_example.\n`,
    );
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      `⚠ README.md:${before}:10: "ExampleEventHandler" names another project (a leftover of a copy?); this project's handler is HelloWorldEventHandler`,
    );
    expect(stderr).toContain(`⚠ README.md:${before}:44: "dispatcher_example" names another project`);
    expect(code).toBe(0);
  });

  it('makes a leftover name in Python code an error, and flags REPLACE_ME', async () => {
    const dir = generatedProject();
    const file = 'pacifica/dispatcher_hello_world/__init__.py';
    write(dir, file, `${read(dir, file)}from pacifica.dispatcher_example import router  # REPLACE_ME\n`);
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toMatch(new RegExp(`✖ ${file}:\\d+:15: "dispatcher_example" names another project`));
    expect(stderr).toMatch(new RegExp(`✖ ${file}:\\d+:\\d+: placeholder REPLACE_ME was never filled in`));
    expect(code).toBe(1);
  });

  it('reports an event handler class renamed away from the SOP name', async () => {
    const dir = generatedProject();
    const file = 'pacifica/dispatcher_hello_world/event_handlers.py';
    write(dir, file, read(dir, file).replace('class HelloWorldEventHandler(', 'class GreetingEventHandler('));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      `✖ ${file}: does not define class HelloWorldEventHandler, the SOP's handler class for the project name "Hello, world!"`,
    );
    expect(stderr).toMatch(/"GreetingEventHandler" names another project/);
    expect(code).toBe(1);
  });

  it('reports a test module that is missing under the SOP name', async () => {
    const dir = generatedProject();
    renameSync(path.join(dir, 'tests/hello_world_test.py'), path.join(dir, 'tests/example_test.py'));
    const { stderr } = await runCheck(dir);
    expect(stderr).toContain(
      '✖ tests/hello_world_test.py: missing: the SOP\'s test module for the project name "Hello, world!"',
    );
  });

  it('reports a leftover route file from the example', async () => {
    const dir = generatedProject();
    cpSync(path.join(dir, HELLO.routeFile), path.join(dir, 'pacifica/dispatcher_hello_world/jsonpath2/example.txt'));
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toContain(
      '⚠ pacifica/dispatcher_hello_world/jsonpath2/example.txt: not used: .pacifica-dispatcher.json has no route for it',
    );
    expect(code).toBe(0);
  });

  it('reports a state file that cannot be read and falls back to the layout', async () => {
    const dir = generatedProject();
    write(dir, '.pacifica-dispatcher.json', '{ broken');
    const { code, stderr } = await runCheck(dir);
    expect(stderr).toMatch(/✖ \.pacifica-dispatcher\.json: cannot be used: it is not valid JSON/);
    expect(stderr).toContain('✖ pacifica-dispatcher-hello-world: 1 error');
    expect(code).toBe(1);
  });

  it('accepts the handler classes the state file gives extra routes', async () => {
    const dir = generatedProject();
    editJson<{ routes: { name: string; handlerClass: string }[] }>(dir, '.pacifica-dispatcher.json', (state) => {
      const first = state.routes[0] as { name: string; handlerClass: string };
      state.routes.push({ ...first, name: 'csv_files', handlerClass: 'CsvFilesEventHandler' });
    });
    write(dir, 'pacifica/dispatcher_hello_world/jsonpath2/csv_files.txt', '$[?($["eventID"] = "nothing")]\n');
    const { stderr } = await runCheck(dir);
    expect(stderr).toContain(
      'does not define class CsvFilesEventHandler, the handler class .pacifica-dispatcher.json gives a route',
    );
    write(dir, 'README.md', `${read(dir, 'README.md')}CsvFilesEventHandler handles CSV files.\n`);
    expect((await runCheck(dir)).stderr).not.toMatch(/"CsvFilesEventHandler" names another project/);
  });
});
