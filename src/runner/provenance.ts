/**
 * Which upstream packages the tests run with: every installed `pacifica-*`
 * distribution (but the project itself), jsonpath2 and cloudevents, each
 * with where it came from when pip recorded a local path or a VCS checkout
 * (direct_url.json). Said on every run, with or without --with: provenance
 * for a CI log.
 */

/**
 * Prints one JSON line: [[name, version, origin], ...], sorted by name.
 * argv[1] is the project, left out: its own line would say nothing new.
 */
export const PROVENANCE_PROBE = [
  'import json, os, sys',
  'from importlib import metadata',
  'from urllib.parse import urlparse',
  'from urllib.request import url2pathname',
  'project = os.path.realpath(sys.argv[1])',
  'def origin(dist):',
  '    text = dist.read_text("direct_url.json")',
  '    if not text: return ""',
  '    info = json.loads(text)',
  '    url = info.get("url", "")',
  '    vcs = info.get("vcs_info")',
  "    if vcs: return f\"{vcs.get('vcs', 'vcs')}+{url}@{vcs.get('commit_id', '')[:12]}\"",
  '    return os.path.realpath(url2pathname(urlparse(url).path)) if url.startswith("file:") else url',
  'found = {}',
  'for dist in metadata.distributions():',
  '    name = dist.metadata["Name"] or ""',
  '    key = name.lower().replace("_", "-").replace(".", "-")',
  '    if key in found or not (key.startswith("pacifica-") or key in ("jsonpath2", "cloudevents")): continue',
  '    found[key] = [name, dist.version, origin(dist)]',
  'print(json.dumps([entry for key, entry in sorted(found.items()) if entry[2] != project]))',
].join('\n');

export interface InstalledPackage {
  name: string;
  version: string;
  /** A local path, `git+URL@commit` or a URL; empty when installed from an index. */
  origin: string;
}

/** The probe's answer, or undefined when it did not answer (a broken or stand-in interpreter). */
export function parseProvenance(output: string): InstalledPackage[] | undefined {
  const line = output.trim().split(/\r?\n/).at(-1) ?? '';
  let entries: unknown;
  try {
    entries = JSON.parse(line);
  } catch (error) {
    // Not the probe's line: whatever the interpreter printed instead is not ours to judge.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (!Array.isArray(entries) || !entries.every(Array.isArray)) return undefined;
  return entries.map((entry: unknown[]) => {
    const [name, version, origin] = entry.map(String);
    return { name: name ?? '', version: version ?? '', origin: origin ?? '' };
  });
}

/** `ℹ Testing with pacifica-dispatcher 0.2.5 (/path/to/checkout), jsonpath2 0.4.5` */
export function formatProvenance(packages: InstalledPackage[]): string {
  if (packages.length === 0) return 'ℹ Testing with no pacifica-*, jsonpath2 or cloudevents package installed\n';
  const listed = packages.map(({ name, version, origin }) => `${name} ${version}${origin ? ` (${origin})` : ''}`);
  return `ℹ Testing with ${listed.join(', ')}\n`;
}
