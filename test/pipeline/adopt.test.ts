import { describe, expect, it } from 'vitest';
import { detectAuthor, detectDescription, detectProjectName, detectYear } from '../../src/pipeline/adopt-detect.js';
import { otherProjectNames, substitute } from '../../src/pipeline/adopt-residue.js';
import { deriveNames } from '../../src/project/index.js';
import { writeFile } from '../helpers/example-layout.js';
import { tempDir } from '../helpers/tmp.js';

/** What `adopt` reads from a hand-made project's metadata, and how it substitutes another project's names. */

describe('detecting the project name', () => {
  it('prefers a name whose handler class the project defines, for its casing', () => {
    const sources = {
      readme: { file: 'README.md', text: '# 3d viewer\n' },
      setupPy: "setup(name='pacifica-dispatcher-3D-viewer')",
    };
    const { names, found } = detectProjectName('pacifica/dispatcher_3d_viewer', sources, [
      'Dispatcher3DViewerEventHandler',
    ]);
    expect(found).toEqual({ value: '3D-viewer', from: "setup.py (name='pacifica-dispatcher-3D-viewer')" });
    expect(names.handlerClass).toBe('Dispatcher3DViewerEventHandler');
  });

  it('falls back to the package directory, naming the sources that give another package', () => {
    const result = detectProjectName(
      'pacifica/dispatcher_hello_world',
      { setupPy: "setup(name='pacifica-dispatcher-example')" },
      ['ExampleEventHandler'],
    );
    expect(result.found).toEqual({
      value: 'Hello World',
      from: 'the package directory pacifica/dispatcher_hello_world',
      fallback: true,
    });
    expect(result.mismatched).toEqual([
      "setup.py (name='pacifica-dispatcher-example')",
      'the handler class ExampleEventHandler',
    ]);
    expect(result.names.packageDir).toBe('pacifica/dispatcher_hello_world');
  });
});

describe('detecting the description and author', () => {
  const names = deriveNames('Spectra');

  it('reads pyproject.toml when there is no setup.py', () => {
    const pyproject =
      '[build-system]\nrequires = []\n\n[project]\nname = "pacifica-dispatcher-spectra"\ndescription = "Fits spectra."\nauthors = [\n    { name = "Ada", email = "ada@example.org" },\n]\n\n[tool.x]\nname = "other"\n';
    expect(detectDescription(names, { pyproject })).toEqual({ value: 'Fits spectra.', from: 'pyproject.toml' });
    expect(detectAuthor({ pyproject })).toEqual({
      author: { value: 'Ada', from: 'pyproject.toml' },
      authorEmail: { value: 'ada@example.org', from: 'pyproject.toml' },
    });
  });

  it("takes the README's first paragraph, else new's default; leaves out an email that is none", () => {
    const readme = {
      file: 'README.md',
      text: '# Spectra\n\n[![badge](x)](y)\n\nFits spectra\nof samples.\n\n## Usage\n',
    };
    expect(detectDescription(names, { readme })).toEqual({
      value: 'Fits spectra of samples.',
      from: 'the first paragraph of README.md',
    });
    expect(detectDescription(names, {})).toMatchObject({ value: 'A Pacifica dispatcher: Spectra', fallback: true });
    expect(detectAuthor({ setupPy: "setup(author='A', author_email='nobody')" }).authorEmail).toMatchObject({
      value: '',
      fallback: true,
    });
  });
});

describe('detecting the copyright year', () => {
  it("takes LICENSE's own copyright line, the first year of a range, and skips the FSF's", async () => {
    const dir = tempDir();
    writeFile(
      dir,
      'LICENSE',
      ' Copyright (C) 2007 Free Software Foundation, Inc.\n\nCopyright (c) 2019-2024 Battelle\n',
    );
    expect(await detectYear(dir, new Date('2030-01-01'))).toEqual({
      value: 2019,
      from: 'the copyright line of LICENSE',
    });
  });

  it('falls back to the current year, saying why', async () => {
    const dir = tempDir();
    expect(await detectYear(dir, new Date('2030-06-01'))).toEqual({
      value: 2030,
      from: 'the current year: the project has no LICENSE',
      fallback: true,
    });
  });
});

describe("substituting another project's names", () => {
  const names = deriveNames('Spectra');

  it('finds the other projects by package and repository name, an extension of one being that one', () => {
    const texts = [
      'import pacifica.dispatcher_example.router',
      "name='pacifica-dispatcher-example-extra'",
      'dispatcher_spectra_utils',
    ];
    expect(otherProjectNames(texts, names)).toEqual([['example']]);
  });

  it('replaces every form of the name, keeping the words after it, and leaves other names alone', () => {
    const text =
      "from pacifica.dispatcher_example.router import router\nclass ExampleUploadEventHandler(NoopEventHandler):\nclass ExampleTestCase(unittest.TestCase):\nurl='https://x/pacifica-dispatcher-example/'\nYourEventHandler\nroute_file('example') 'example.txt'\n";
    const { text: fixed, changes } = substitute(text, names, {
      others: [['example']],
      handlers: true,
      tests: true,
      routeFile: { from: 'example', to: 'spectra' },
    });
    expect(fixed).toBe(
      "from pacifica.dispatcher_spectra.router import router\nclass SpectraUploadEventHandler(NoopEventHandler):\nclass SpectraTestCase(unittest.TestCase):\nurl='https://x/pacifica-dispatcher-spectra/'\nYourEventHandler\nroute_file('spectra') 'spectra.txt'\n",
    );
    expect([...changes.keys()]).toEqual([
      'pacifica-dispatcher-example → pacifica-dispatcher-spectra',
      'dispatcher_example → dispatcher_spectra',
      'ExampleUploadEventHandler → SpectraUploadEventHandler',
      'ExampleTestCase → SpectraTestCase',
      "'example.txt' → 'spectra.txt'",
      "route_file('example') → route_file('spectra')",
    ]);
  });

  it('keeps the handler classes when the project already defines its own', () => {
    const { text } = substitute('ExampleEventHandler dispatcher_example', names, {
      others: [['example']],
      handlers: false,
      tests: true,
    });
    expect(text).toBe('ExampleEventHandler dispatcher_spectra');
  });
});
