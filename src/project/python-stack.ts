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

/** The lines of constraints.txt: pinned requirements, as pip reads them. */
export const VERIFIED_CONSTRAINTS: readonly string[] = [
  'amqp==5.4.0',
  'billiard==4.3.0',
  'celery==5.6.3',
  // CherryPy 18.8 cannot be imported on Python 3.13 (no `cgi` module); 18.10
  // fixed it, and the requirements ask for it there, unpinned.
  'cherrypy==18.8.0; python_version < "3.13"',
  'cloudevents-python==0.3.0',
  'jsonpath2==0.4.5',
  'kombu==5.6.2',
  'pacifica-cli==0.5.2',
  'pacifica-dispatcher==0.2.5',
  'pacifica-downloader==0.4.1',
  'pacifica-namespace==0.0.2',
  'pacifica-uploader==0.3.1',
  'peewee==4.5.1',
  'psycopg2-binary==2.9.13',
  'requests==2.34.2',
  'vine==5.1.0',
];

/** The Python stack as the templates see it; a released version's is frozen in templates/releases/<version>/stack.json. */
export interface PythonStack {
  dependencies: readonly string[];
  devDependencies: readonly string[];
  extras: Readonly<Record<string, readonly string[]>>;
  constraints: readonly string[];
  pythonVersions: readonly string[];
}

/** This version's stack. */
export const PYTHON_STACK: PythonStack = {
  dependencies: PYTHON_DEPENDENCIES,
  devDependencies: PYTHON_DEV_DEPENDENCIES,
  extras: PYTHON_EXTRAS,
  constraints: VERIFIED_CONSTRAINTS,
  pythonVersions: PYTHON_VERSIONS,
};
