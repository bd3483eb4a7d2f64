/**
 * Limits the command line states in its help and checks before anything
 * else loads. They live in core, not runner/, because the CLI's entry point
 * names them: anything it imported from runner/ would load the runner and
 * its dependencies even for `--version`.
 */

/** The oldest Python the generated project supports (its requires-python). */
export const MIN_PYTHON: readonly [number, number] = [3, 11];

/** The longest timeout taken (ten years): anything longer is surely a typo, and "no limit" fits under it. */
export const MAX_TIMEOUT_SECONDS = 315_360_000;
