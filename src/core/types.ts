/**
 * The types that cross module boundaries. Everything the templates see is
 * in RenderContext; everything the user decided is in Answers.
 */

/** Every name derived from the project name (see project/naming.ts). */
export interface Names {
  /** As the user typed it: "Hello, world!" */
  projectName: string;
  /** Lower-case words joined by "-": "hello-world" */
  kebab: string;
  /** Lower-case words joined by "_": "hello_world" (route/test file stem) */
  snake: string;
  /** UpperCamelCase words: "HelloWorld" */
  pascal: string;
  /** "pacifica-dispatcher-hello-world" */
  repository: string;
  /** "dispatcher_hello_world" */
  packageName: string;
  /** "pacifica/dispatcher_hello_world" (POSIX) */
  packageDir: string;
  /** "pacifica.dispatcher_hello_world" */
  module: string;
  /** "HelloWorldEventHandler" */
  handlerClass: string;
  /** "HelloWorldTestCase" */
  testCaseClass: string;
  /** "hello_world.txt" (under packageDir/jsonpath2/) */
  routeFile: string;
  /** "hello_world_test.py" (under tests/) */
  testFile: string;
}

export interface KeyValueFilter {
  key: string;
  /** Absent: the route only requires the key to exist. */
  value?: string;
}

/** One route: a JSONPath file, the handler it calls, and what it requires. */
export interface RouteSpec {
  /** snake_case stem: the route file is `${name}.txt` */
  name: string;
  /** Handler class in event_handlers.py */
  handlerClass: string;
  keyValues: KeyValueFilter[];
  /** Files filter: at least one file with this mimetype (and subdir). */
  mimetype?: string;
  /** Files filter subdir ("" = top level). Only with a files filter. */
  subdir?: string;
  eventType: string;
  /** Absent: the route does not check `source`. */
  source?: string;
  /** The handler marks its upload with this; the route excludes it. */
  loopBreaker: { key: string; value: string };
  /**
   * The handler records on its upload a key-value with this key whose value
   * is the id of the transaction it was derived from.
   */
  provenanceKey: string;
}

export interface FixtureFile {
  /** Path under the event's data/ directory, POSIX. */
  path: string;
  /** File name (last segment of path). */
  name: string;
  /** Directory under data/ ("" at top level), POSIX, no trailing slash. */
  subdir: string;
  size: number;
  sha1: string;
  mimetype: string;
}

/** One test event: tests/test_files/{eventId}/event.json + data/ */
export interface FixtureEvent {
  eventId: string;
  /** Name of the route this event exercises. */
  route: string;
  files: FixtureFile[];
}

export interface CiAnswers {
  github: boolean;
  travis: boolean;
  appveyor: boolean;
}

export interface RenderContext {
  names: Names;
  description: string;
  author: string;
  authorEmail: string;
  /** The generator's own version, recorded in the project. */
  toolVersion: string;
  /** Copyright year for LICENSE. */
  year: number;
  routes: RouteSpec[];
  events: FixtureEvent[];
  ci: CiAnswers;
}

/**
 * A data file the project gets a copy of. It is streamed at write time, so
 * a large fixture never sits in memory; the copy is checked against `sha1`.
 */
export interface CopiedFile {
  copyFrom: string;
  size: number;
  sha1: string;
}

export type FileContent = string | Uint8Array | CopiedFile;

/** A rendered project: POSIX relative path -> content. */
export type FileMap = Map<string, FileContent>;

/** What a route requires, as the user answered. */
export interface RouteAnswers {
  keyValues: KeyValueFilter[];
  /** Absent with `subdir`: the route has no Files clause. */
  mimetype?: string;
  subdir?: string;
  eventType: string;
  /** Absent: the route does not check `source`. */
  source?: string;
}

/** Everything the user decided, validated (see pipeline/answers.ts). */
export interface Answers {
  /** The project name and every name derived from it, derived once. */
  names: Names;
  /** Target directory, absolute. */
  directory: string;
  description: string;
  author: string;
  authorEmail: string;
  route: RouteAnswers;
  /** Absolute paths of data files or directories; one event each. */
  fixtures: string[];
  ci: CiAnswers;
}
