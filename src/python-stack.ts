/**
 * The Python stack a generated project is verified against: the versions
 * its constraints file pins, and the Python versions its CI runs.
 *
 * The pins are those of the upstream stack this tool's end-to-end tests
 * (test/e2e/upstream.test.ts, test/e2e/service.test.ts) install generated
 * projects into; refresh them from that environment's `python -m pip list`
 * when it changes. Libraries keep open ranges (pyproject.toml); only the
 * constraints file pins, so Docker images and CI install what was verified.
 */

/** Runtime dependencies of every generated project (pyproject.toml, requirements.txt). */
export const PYTHON_DEPENDENCIES: readonly string[] = [
  'celery',
  'cherrypy',
  // CherryPy before 18.10 imports `cgi`, which Python 3.13 removed.
  'cherrypy>=18.10; python_version >= "3.13"',
  'cloudevents-python',
  'jsonpath2',
  'pacifica-cli',
  'pacifica-dispatcher',
  'pacifica-downloader',
  'pacifica-uploader',
  'peewee',
];
/** Optional dependencies: `pip install ".[postgres]"` for a PostgreSQL DATABASE_URL (peewee's driver). */
export const PYTHON_EXTRAS: Readonly<Record<string, readonly string[]>> = { postgres: ['psycopg2-binary'] };
/** `wheel`: setuptools before 70.1 needs it to build with --no-build-isolation. */
export const PYTHON_DEV_DEPENDENCIES: readonly string[] = ['coverage', 'flake8', 'pre-commit', 'wheel'];

/** Python versions the generated CI runs; the first is the Docker images' and the minimum. */
export const PYTHON_VERSIONS: readonly string[] = ['3.11', '3.12', '3.13'];

/** One line of constraints.txt: a pinned requirement, optionally with an environment marker. */
export interface Constraint {
  name: string;
  version: string;
  marker?: string;
}

export const VERIFIED_CONSTRAINTS: readonly Constraint[] = [
  { name: 'amqp', version: '5.4.0' },
  { name: 'billiard', version: '4.3.0' },
  { name: 'celery', version: '5.6.3' },
  // CherryPy 18.8 cannot be imported on Python 3.13 (no `cgi` module); 18.10
  // fixed it, and requirements ask for it there, unpinned.
  { name: 'cherrypy', version: '18.8.0', marker: 'python_version < "3.13"' },
  { name: 'cloudevents-python', version: '0.3.0' },
  { name: 'jsonpath2', version: '0.4.5' },
  { name: 'kombu', version: '5.6.2' },
  { name: 'pacifica-cli', version: '0.5.2' },
  { name: 'pacifica-dispatcher', version: '0.2.5' },
  { name: 'pacifica-downloader', version: '0.4.1' },
  { name: 'pacifica-namespace', version: '0.0.2' },
  { name: 'pacifica-uploader', version: '0.3.1' },
  { name: 'peewee', version: '4.5.1' },
  { name: 'psycopg2-binary', version: '2.9.13' },
  { name: 'requests', version: '2.34.2' },
  { name: 'vine', version: '5.1.0' },
];

/** `name==version` with its marker, as pip reads it. */
export function constraintLine(constraint: Constraint): string {
  const pin = `${constraint.name}==${constraint.version}`;
  return constraint.marker === undefined ? pin : `${pin}; ${constraint.marker}`;
}
