import { fileURLToPath } from 'node:url';

/**
 * Set by scripts/bundle.mjs: the bundle is dist/main.cjs (and its chunks), one
 * level below the package root. Unbundled (vitest on src/, tsc's dist/), this
 * module is two levels below it, in core/.
 */
declare const __BUNDLED_PACKAGE_ROOT__: string | undefined;

/** The directory holding package.json and templates/, with a trailing slash. */
export const PACKAGE_ROOT: string = fileURLToPath(
  new URL(typeof __BUNDLED_PACKAGE_ROOT__ === 'string' ? __BUNDLED_PACKAGE_ROOT__ : '../../', import.meta.url),
);
