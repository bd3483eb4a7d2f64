import type { Readable } from 'node:stream';
import type { Commands } from './invocation.js';

/**
 * The streams a command talks through. Only cli/index.ts builds one from the
 * process; tests pass their own, so no module below the CLI touches
 * process.stdout, process.stdin or process.exit.
 */
export interface Io {
  /** Machine-readable output (JSON lines, manifests). */
  stdout: { write(chunk: string): unknown };
  /** Human progress, warnings and errors. */
  stderr: { write(chunk: string): unknown };
  stdin: Readable;
  /** Whether stdin is an interactive terminal (prompts are allowed). */
  isTTY: boolean;
  /** Show live subprocess output and stacks. */
  verbose: boolean;
  /** How to run this tool again, for hints; npx's way when absent. */
  commands?: Commands;
}
