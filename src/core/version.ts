import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** This tool's version, read from its package.json (from src/ or dist/ alike). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** -1, 0 or 1 as version `a` is older than, the same as or newer than `b` (x.y.z; anything else counts as 0.0.0). */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string): number[] =>
    (/^(\d+)\.(\d+)\.(\d+)$/.exec(version)?.slice(1) ?? ['0', '0', '0']).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let k = 0; k < 3; k += 1) if (x[k] !== y[k]) return x[k]! < y[k]! ? -1 : 1;
  return 0;
}
