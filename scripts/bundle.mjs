/**
 * Bundles the CLI and its runtime dependencies (commander, ejs, execa,
 * @inquirer/prompts) into dist/main.cjs, so that start-up reads a few files
 * instead of resolving a few hundred modules (bench/README.md has figures).
 *
 * The bundle sits in dist/ beside tsc's output because src/core/package-root.ts finds
 * templates/ and package.json relative to it (`../`). Code behind a dynamic import() (the prompts, the project
 * generator, the runner, jsonpath) goes into chunks that load only when a
 * command needs them.
 *
 * esbuild splits code into chunks only as ES modules; each chunk is then
 * rewritten as a CommonJS module (dist/*.cjs, static imports become
 * require(), a dynamic import() a require() when it runs). Node loads
 * CommonJS without starting its ES module loader, which costs about a tenth
 * of `node -e 0` by itself, and reads each file in one synchronous call:
 * --help and `new` start 15-20% sooner (bench/README.md, "Start-up").
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, transform } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * @inquirer/prompts re-exports every prompt, and its `editor` prompt pulls
 * iconv-lite (half a megabyte of CommonJS that cannot be tree-shaken). We
 * never open an editor, so the bundle sees the same index without that line;
 * using `editor` from src/ would fail the build ("No matching export").
 */
const promptsWithoutEditor = {
  name: 'prompts-without-editor',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@inquirer\/prompts$/ }, () => ({
      path: '@inquirer/prompts',
      namespace: 'prompts',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'prompts' }, () => {
      const index = require
        .resolve('@inquirer/prompts')
        .replace(/dist[\\/]commonjs[\\/]index\.js$/, 'dist/esm/index.js');
      const lines = readFileSync(index, 'utf8')
        .split('\n')
        .filter((line) => !line.includes('@inquirer/editor'));
      return { contents: lines.join('\n'), resolveDir: path.dirname(index), loader: 'js' };
    });
  },
};

/**
 * commander requires node:child_process at load time (which loads net,
 * stream and more), only to spawn executable subcommands, which we do not
 * have. The bundle requires it on first use instead. Left as it is when
 * commander's source no longer has that line.
 */
const lazyCommanderChildProcess = {
  name: 'lazy-commander-child-process',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8').replace(
        "const childProcess = require('node:child_process');",
        "const childProcess = { spawn: (...spawnArgs) => require('node:child_process').spawn(...spawnArgs) };",
      );
      return { contents: source, loader: 'js' };
    });
  },
};

// Chunk names carry a content hash: remove the previous build's, or the
// package (files: dist/chunk-*.cjs) would ship them too.
for (const name of readdirSync('dist', { withFileTypes: true }).map((entry) => entry.name)) {
  if (/^(chunk-[A-Z0-9]+|main)\.c?js$/.test(name)) rmSync(path.join('dist', name));
}

/**
 * The project templates, compiled at build time by render.ts's own code (as
 * tsc built it into dist/, before this script runs), so that `new` neither
 * reads nor compiles templates at run time (src/render/precompiled-templates.ts).
 */
const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]src[\\/]render[\\/]precompiled-templates\.ts$/ }, async () => {
      const { compileTemplateSource, readTemplateFiles, TEMPLATE_ROOT } = await import('../dist/render/render.js');
      const entries = readTemplateFiles(TEMPLATE_ROOT).map(({ source, bytes }) =>
        source.endsWith('.ejs')
          ? `{ source: ${JSON.stringify(source)}, render: (${compileTemplateSource(source, bytes.toString('utf8'))}) }`
          : `{ source: ${JSON.stringify(source)}, bytes: new Uint8Array(Buffer.from(${JSON.stringify(bytes.toString('base64'))}, 'base64')) }`,
      );
      return { contents: `export const PRECOMPILED = [\n${entries.join(',\n')}\n];\n`, loader: 'js', watchFiles: [] };
    });
  },
};

const { outputFiles } = await build({
  entryPoints: { main: 'src/cli/index.ts' },
  write: false,
  // dist/main.cjs is one level below the package root (src/core/package-root.ts).
  define: { __BUNDLED_PACKAGE_ROOT__: '"../"' },
  outdir: 'dist',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: identifiers stay, so a bug's stack trace
  // still names the function it happened in.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [promptsWithoutEditor, lazyCommanderChildProcess, precompiledTemplates],
  legalComments: 'none',
  logLevel: 'warning',
});

/** `./chunk-X.js` -> `./chunk-X.cjs`, in the chunks' import specifiers as in file names. */
const asCommonJs = (name) => name.replace(/\.js$/, '.cjs');

/**
 * The chunks' static imports, which must not form a cycle: an ES module
 * cycle works (bindings are hoisted), a CommonJS one sees half-filled exports.
 */
function assertNoCycle(chunks) {
  const state = new Map();
  const visit = (name, trail) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open')
      throw new Error(`bundle: chunks import each other: ${[...trail, name].join(' -> ')}`);
    state.set(name, 'open');
    for (const next of chunks.get(name) ?? []) visit(next, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of chunks.keys()) visit(name, []);
}

const staticImports = new Map(
  outputFiles.map((file) => [
    path.basename(file.path),
    [...file.text.matchAll(/\b(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((match) => match[1]),
  ]),
);
assertNoCycle(staticImports);

for (const file of outputFiles) {
  const source = file.text.replace(
    /(["'])\.\/((?:chunk-[A-Z0-9]+|main)\.js)\1/g,
    (_, quote, name) => `${quote}./${asCommonJs(name)}${quote}`,
  );
  const { code } = await transform(source, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() of a chunk becomes a require() when it runs: the chunk still loads only when needed.
    supported: { 'dynamic-import': false },
    // src/core/package-root.ts finds the package from its own file.
    define: { 'import.meta.url': '__cpdModuleUrl' },
    banner: source.includes('import.meta.url')
      ? "const __cpdModuleUrl = require('node:url').pathToFileURL(__filename).href;"
      : '',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  writeFileSync(asCommonJs(file.path), code);
}
