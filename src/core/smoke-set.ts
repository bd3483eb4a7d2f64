/**
 * The projects `pacifica-dispatcher smoke` generates and tests, by name and
 * what each covers. Here, not in pipeline/, because `smoke --help` lists
 * them and --help loads no pipeline (as core/limits.ts for the runner's
 * limits); pipeline/smoke.ts holds how each is made, keyed by these ids.
 */

export const SMOKE_PROJECTS = [
  { id: 'example', name: 'Example', covers: "the SOP's first example" },
  { id: 'hello-world', name: 'Hello, world!', covers: "the SOP's second: punctuation in the name" },
  { id: 'key-values', name: 'Spectra', covers: 'three key-values, CSV; nested, binary, CSV fixture data' },
  { id: 'routes', name: 'Imaging', covers: 'two more routes, added with `add route`' },
  { id: '3d-scans', name: '3D scans', covers: 'a name that starts with a digit' },
] as const;

export type SmokeId = (typeof SMOKE_PROJECTS)[number]['id'];

/** `  example      Example: the SOP's first example`, one line each, for the help and usage errors. */
export function smokeProjectList(): string {
  const width = Math.max(...SMOKE_PROJECTS.map((project) => project.id.length));
  return SMOKE_PROJECTS.map(({ id, name, covers }) => `  ${id.padEnd(width)}  ${name}: ${covers}\n`).join('');
}
