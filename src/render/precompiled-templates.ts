/** One project template: compiled EJS (`render`) or a file copied verbatim (`bytes`). */
export interface Template {
  /** POSIX path under TEMPLATE_ROOT. */
  source: string;
  render?: (locals: Record<string, unknown>) => string;
  bytes?: Uint8Array;
}

/**
 * The project templates compiled at build time. scripts/bundle.mjs replaces
 * this module in the bundle with the compiled functions and verbatim files,
 * so `new` neither reads nor compiles templates at run time. From src/
 * (vitest) and tsc's dist/ it is undefined, and render.ts reads the
 * template tree itself.
 */
export const PRECOMPILED: readonly Template[] | undefined = undefined;
