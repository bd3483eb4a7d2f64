import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { deriveNames, MAX_NAME_LENGTH, validateProjectName } from '../../src/project/naming.js';

// project name -> repository, package directory, handler class, test class, route file, test file
const table: [string, string, string, string, string, string, string][] = [
  // The SOP's own table.
  [
    'Example',
    'pacifica-dispatcher-example',
    'pacifica/dispatcher_example',
    'ExampleEventHandler',
    'ExampleTestCase',
    'example.txt',
    'example_test.py',
  ],
  [
    'Hello, world!',
    'pacifica-dispatcher-hello-world',
    'pacifica/dispatcher_hello_world',
    'HelloWorldEventHandler',
    'HelloWorldTestCase',
    'hello_world.txt',
    'hello_world_test.py',
  ],
  // Our rules for what the SOP leaves open.
  [
    '3D viewer',
    'pacifica-dispatcher-3d-viewer',
    'pacifica/dispatcher_3d_viewer',
    'Dispatcher3DViewerEventHandler',
    'Dispatcher3DViewerTestCase',
    '3d_viewer.txt',
    'dispatcher_3d_viewer_test.py',
  ],
  [
    'XMLParser',
    'pacifica-dispatcher-xml-parser',
    'pacifica/dispatcher_xml_parser',
    'XMLParserEventHandler',
    'XMLParserTestCase',
    'xml_parser.txt',
    'xml_parser_test.py',
  ],
  [
    'myCoolTool',
    'pacifica-dispatcher-my-cool-tool',
    'pacifica/dispatcher_my_cool_tool',
    'MyCoolToolEventHandler',
    'MyCoolToolTestCase',
    'my_cool_tool.txt',
    'my_cool_tool_test.py',
  ],
  [
    'Café crème',
    'pacifica-dispatcher-cafe-creme',
    'pacifica/dispatcher_cafe_creme',
    'CafeCremeEventHandler',
    'CafeCremeTestCase',
    'cafe_creme.txt',
    'cafe_creme_test.py',
  ],
  [
    'Straße',
    'pacifica-dispatcher-strasse',
    'pacifica/dispatcher_strasse',
    'StrasseEventHandler',
    'StrasseTestCase',
    'strasse.txt',
    'strasse_test.py',
  ],
  [
    '  spaced   out  ',
    'pacifica-dispatcher-spaced-out',
    'pacifica/dispatcher_spaced_out',
    'SpacedOutEventHandler',
    'SpacedOutTestCase',
    'spaced_out.txt',
    'spaced_out_test.py',
  ],
  [
    'snake_case-and-kebab',
    'pacifica-dispatcher-snake-case-and-kebab',
    'pacifica/dispatcher_snake_case_and_kebab',
    'SnakeCaseAndKebabEventHandler',
    'SnakeCaseAndKebabTestCase',
    'snake_case_and_kebab.txt',
    'snake_case_and_kebab_test.py',
  ],
  [
    'pacifica-dispatcher-example',
    'pacifica-dispatcher-example',
    'pacifica/dispatcher_example',
    'ExampleEventHandler',
    'ExampleTestCase',
    'example.txt',
    'example_test.py',
  ],
  [
    'class',
    'pacifica-dispatcher-class',
    'pacifica/dispatcher_class',
    'ClassEventHandler',
    'ClassTestCase',
    'class.txt',
    'class_test.py',
  ],
  [
    'None',
    'pacifica-dispatcher-none',
    'pacifica/dispatcher_none',
    'NoneEventHandler',
    'NoneTestCase',
    'none.txt',
    'none_test.py',
  ],
  [
    'Version 2.0',
    'pacifica-dispatcher-version-2-0',
    'pacifica/dispatcher_version_2_0',
    'Version20EventHandler',
    'Version20TestCase',
    'version_2_0.txt',
    'version_2_0_test.py',
  ],
];

describe('deriveNames', () => {
  it.each(table)(
    'names %j after the SOP convention',
    (input, repository, packageDir, handler, testCase, routeFile, testFile) => {
      const names = deriveNames(input);
      expect([
        names.repository,
        names.packageDir,
        names.handlerClass,
        names.testCaseClass,
        names.routeFile,
        names.testFile,
      ]).toEqual([repository, packageDir, handler, testCase, routeFile, testFile]);
      expect(names.module).toBe(packageDir.replace('/', '.'));
    },
  );

  it('gives Python identifiers that Python itself accepts, for every row', () => {
    const identifiers = table.flatMap(([input]) => {
      const names = deriveNames(input);
      return [names.packageName, names.handlerClass, names.testCaseClass, names.testFile.replace(/\.py$/, '')];
    });
    const script =
      'import json, keyword, sys\nbad = [n for n in json.loads(sys.argv[1]) if not n.isidentifier() or keyword.iskeyword(n)]\nprint(json.dumps(bad))';
    const bad = JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(identifiers)], { encoding: 'utf8' }));
    expect(bad).toEqual([]);
  });

  it('keeps the name as typed, trimmed, for text that lands in files', () => {
    expect(deriveNames('  Hello, world! ').projectName).toBe('Hello, world!');
  });

  it.each([
    ['!!!', /has no letters or digits/],
    ['', /empty/],
    ['Привет', /has no ASCII letters or digits/],
    ['x'.repeat(MAX_NAME_LENGTH + 1), /too long/],
    ['Fixtures', /fixture-integrity test/],
    ['Service', /tests\/service_test\.py, which the generated project uses for its test of the web service/],
  ])('refuses %j with a message that names the problem', (input, message) => {
    expect(() => deriveNames(input)).toThrow(message);
    expect(validateProjectName(input)).toMatch(message);
  });

  it('accepts a name exactly at the length limit', () => {
    expect(deriveNames('x'.repeat(MAX_NAME_LENGTH)).kebab).toHaveLength(MAX_NAME_LENGTH);
  });
});
