import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { PACKAGE_ROOT } from '../core/package-root.js';
import type { FileMap, FixtureEvent, Names, RenderContext, RouteSpec } from '../core/types.js';
import { TOOL_VERSION } from '../core/version.js';
import { walkSync } from '../core/walk.js';
import { PYTHON_STACK, type PythonStack, routeText } from '../project/index.js';
import { json, line, md, mdCode, mdFence, py, pyIdentifier, toml, yaml } from './escape.js';
import { PRECOMPILED, type Template } from './precompiled-templates.js';

/** The generated project's template tree, in the package (see core/package-root.ts). */
export const TEMPLATE_ROOT = path.join(PACKAGE_ROOT, 'templates', 'project') + path.sep;

/**
 * Template path conventions:
 * - `name.ejs` is rendered to `name`; any other file is copied verbatim.
 * - A path segment `__key__` (with or without an extension after it) takes
 *   the value of `names[key]`: `pacifica/__packageName__/`, `tests/__testFile__.ejs`.
 *   Python's own dunders (`__init__`, `__main__`) are left alone; any other
 *   `__word__` is an error, so a typo cannot slip through.
 * - `_gitignore` becomes `.gitignore` (npm drops `.gitignore` from packages).
 */
const PYTHON_DUNDERS = new Set(['init', 'main']);
const RENAMED: Record<string, string> = { _gitignore: '.gitignore' };

/** Templates rendered only when the context asks for them (template paths). */
const CONDITIONAL: Record<string, (ctx: RenderContext) => boolean> = {
  '.github/workflows/test.yml.ejs': (ctx) => ctx.ci.github,
  '.travis.yml.ejs': (ctx) => ctx.ci.travis,
  'appveyor.yml.ejs': (ctx) => ctx.ci.appveyor,
};

/** What a test module needs to know about one fixture event. */
export interface EventCase {
  eventId: string;
  /** Unique, valid Python identifier fragment derived from eventId. */
  ident: string;
  route: RouteSpec;
}

const HELPERS = { py, json, yaml, toml, md, mdCode, mdFence, line, routeText };
const LOCAL_NAMES = [
  'names',
  'description',
  'author',
  'authorEmail',
  'toolVersion',
  'year',
  'routes',
  'events',
  'ci',
  'eventCases',
  'dependencies',
  'devDependencies',
  'extras',
  'constraints',
  'pythonVersion',
  'pythonVersions',
  ...Object.keys(HELPERS),
];

/** The templates of one version of this tool, and the Python stack they were rendered with. */
export interface TemplateSet {
  version: string;
  templates: readonly Template[];
  stack: PythonStack;
}

let current: TemplateSet | undefined;

/**
 * This version's templates. The bundle has them compiled at build time;
 * otherwise they are read once per process.
 */
export function currentTemplates(): TemplateSet {
  current ??= { version: TOOL_VERSION, templates: PRECOMPILED ?? loadTemplates(TEMPLATE_ROOT), stack: PYTHON_STACK };
  return current;
}

/** Where scripts/freeze-release.mjs keeps each released version's templates. */
const RELEASES_ROOT = path.join(PACKAGE_ROOT, 'templates', 'releases');
/** Released versions' templates, compiled once per process. */
const released = new Map<string, TemplateSet | undefined>();

/**
 * The templates of `version` as it rendered projects: this version's, or a
 * released one's from templates/releases/ (compiled at run time: only
 * `update` and `add` on an older project need them); undefined for a version
 * this tool has no copy of (one newer than it, or never released).
 */
export function templatesOf(version: string): TemplateSet | undefined {
  if (version === TOOL_VERSION) return currentTemplates();
  // The version comes from a state file: only a plain version may name a directory.
  if (!/^\d+\.\d+\.\d+$/.test(version)) return undefined;
  if (released.has(version)) return released.get(version);
  const root = path.join(RELEASES_ROOT, version);
  const set = existsSync(path.join(root, 'stack.json'))
    ? {
        version,
        templates: loadTemplates(path.join(root, 'project') + path.sep),
        stack: JSON.parse(readFileSync(path.join(root, 'stack.json'), 'utf8')) as PythonStack,
      }
    : undefined;
  released.set(version, set);
  return set;
}

/**
 * Renders the project for `ctx` from `set` (this version's templates unless
 * told), in memory: every file, or only those whose path `only` accepts.
 */
export async function renderProject(
  ctx: RenderContext,
  set: TemplateSet = currentTemplates(),
  only: (file: string) => boolean = () => true,
): Promise<FileMap> {
  checkContext(ctx);
  const { templates, stack } = set;
  const locals = {
    ...ctx,
    ...HELPERS,
    eventCases: eventCases(ctx.events, ctx.routes),
    dependencies: stack.dependencies,
    devDependencies: stack.devDependencies,
    extras: stack.extras,
    constraints: stack.constraints,
    pythonVersion: stack.pythonVersions[0],
    pythonVersions: stack.pythonVersions,
  };
  const files: FileMap = new Map();
  for (const template of templates) {
    const wanted = CONDITIONAL[template.source];
    if (wanted !== undefined && !wanted(ctx)) continue;
    const target = outputPath(template.source, ctx.names);
    if (!only(target)) continue;
    if (template.render !== undefined) {
      try {
        files.set(target, template.render(locals));
      } catch (error) {
        throw new Error(`Rendering template ${template.source} failed: ${(error as Error).message}`, { cause: error });
      }
    } else if (template.bytes !== undefined) {
      files.set(target, template.bytes);
    }
  }
  return files;
}

/** Maps a template path to its output path (see the conventions above). */
export function outputPath(source: string, names: Names): string {
  const stripped = source.endsWith('.ejs') ? source.slice(0, -'.ejs'.length) : source;
  return stripped
    .split('/')
    .map((segment) => {
      const renamed = RENAMED[segment];
      if (renamed !== undefined) return renamed;
      const match = /^__([A-Za-z]+)__(.*)$/.exec(segment);
      if (match === null) return segment;
      const [, key = '', rest = ''] = match;
      if (PYTHON_DUNDERS.has(key)) return segment;
      if (!Object.hasOwn(names, key)) throw new Error(`Template path ${source}: no name called "${key}"`);
      return `${names[key as keyof Names]}${rest}`;
    })
    .join('/');
}

/** Test cases per fixture event, with identifiers unique within the project. */
export function eventCases(events: FixtureEvent[], routes: RouteSpec[]): EventCase[] {
  const used = new Set<string>();
  return events.map((event) => {
    const route = routes.find((candidate) => candidate.name === event.route);
    if (route === undefined)
      throw new Error(`Fixture event "${event.eventId}" names route "${event.route}", which does not exist`);
    const base = pyIdentifier(event.eventId);
    let ident = base;
    for (let n = 2; used.has(ident); n += 1) ident = `${base}_${n}`;
    used.add(ident);
    return { eventId: event.eventId, ident, route };
  });
}

/** Context invariants the templates rely on; a violation is a bug upstream. */
function checkContext(ctx: RenderContext): void {
  if (ctx.routes.length === 0) throw new Error('renderProject: the context has no routes');
  const unique = (label: string, values: string[]): void => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) throw new Error(`renderProject: two routes share the ${label} "${value}"`);
      seen.add(value);
    }
  };
  unique(
    'name',
    ctx.routes.map((route) => route.name),
  );
  unique(
    'handler class',
    ctx.routes.map((route) => route.handlerClass),
  );
  for (const route of ctx.routes) {
    // The uploader rejects falsy metadata values (API.md 3.6).
    if (route.loopBreaker.key === '' || route.loopBreaker.value === '' || route.provenanceKey === '') {
      throw new Error(`renderProject: route "${route.name}" has an empty loop-breaker or provenance key-value`);
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(route.handlerClass) || !/^[A-Za-z0-9_]+$/.test(route.name)) {
      throw new Error(`renderProject: route "${route.name}" has an unusable name or handler class`);
    }
  }
}

/**
 * Compiles one template. `<%=` HTML-escapes, so a template must use `<%-`
 * with a language helper: that is refused here, at load time, rather than
 * in ejs's escape hook, which ejs also calls to report any other error
 * (and a guard there would hide the real cause).
 */
export function compileTemplate(source: string, text: string, filename: string): ejs.TemplateFunction {
  refuseHtmlEscaping(source, text);
  return ejs.compile(text, { ...COMPILE_OPTIONS, filename });
}

/**
 * One template compiled to the source of a function of the locals that
 * carries its own escape helper, so it runs on its own: the build puts
 * these into the bundle (scripts/bundle.mjs). An error in it names the
 * template by its path under templates/project/, and the line.
 *
 * ejs would also put the template's whole text into the function, to quote
 * the lines around an error; left out, `new` loads 30% less code, and
 * templates/ ships beside the bundle for whoever needs to read them.
 */
export function compileTemplateSource(source: string, text: string): string {
  refuseHtmlEscaping(source, text);
  const compiled = ejs.compile(text, { ...COMPILE_OPTIONS, filename: source, client: true }).toString();
  const quoted = `__lines = ${JSON.stringify(text)}`;
  if (!compiled.includes(quoted)) throw new Error(`${source}: ejs no longer keeps the template's text as "${quoted}"`);
  return `((template) => (locals) => template(locals, undefined, undefined, ${RETHROW_AT_LINE}))(${compiled.replace(quoted, '__lines = ""')})`;
}

/** ejs's error hook (err, text, file, line) for a compiled template without its text: "file:line: message". */
const RETHROW_AT_LINE =
  "(error, _text, file, line) => { error.message = file + ':' + line + ': ' + error.message; throw error; }";

const COMPILE_OPTIONS = {
  strict: true,
  destructuredLocals: LOCAL_NAMES,
  // biome-ignore lint/complexity/useArrowFunction: ejs inlines `escapeFn || <its source>` into a client function, where an arrow does not parse
  escape: function (value: unknown) {
    return String(value);
  },
};

function refuseHtmlEscaping(source: string, text: string): void {
  const misuse = /<%=/.exec(text);
  if (misuse !== null) {
    const line = text.slice(0, misuse.index).split('\n').length;
    throw new Error(`${source}:${line}: use <%- with an escaping helper, never <%=`);
  }
}

/**
 * The template tree's files, in a stable order, with their bytes: read
 * synchronously, since they are few and small (an await per file cost
 * more than the reads).
 */
export function readTemplateFiles(root: string): { source: string; bytes: Buffer }[] {
  const sources = walkSync(root)
    .filter((entry) => entry.kind === 'file')
    .map((entry) => entry.path)
    .filter((source) => !/(^|\/)__pycache__\/|\.py[co]$/.test(source))
    .sort();
  for (const key of Object.keys(CONDITIONAL)) {
    if (!sources.includes(key)) throw new Error(`Conditional template ${key} is missing from ${root}`);
  }
  return sources.map((source) => ({ source, bytes: readFileSync(path.join(root, source)) }));
}

function loadTemplates(root: string): Template[] {
  return readTemplateFiles(root).map(({ source, bytes }): Template => {
    if (!source.endsWith('.ejs')) return { source, bytes: new Uint8Array(bytes) };
    return { source, render: compileTemplate(source, bytes.toString('utf8'), path.join(root, source)) };
  });
}
