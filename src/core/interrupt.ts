/**
 * Stopping writes in progress when the process gets SIGINT, SIGTERM or
 * SIGHUP. Its own tiny module, so the CLI can install its signal handlers
 * without loading the writer.
 *
 * A signal does not tear a write down from inside the handler (an
 * asynchronous file operation still in flight could then recreate what the
 * cleanup removed): it asks the writer to stop at its next step, and the
 * writer cleans up and throws InterruptedError. A second signal runs the
 * cleanups at once.
 */
const pending: (() => void)[] = [];
let stopping: string | undefined;

/** A write stopped because of a signal; `completed`: it had already put everything in place. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(
    readonly signal: string,
    readonly completed: boolean,
  ) {
    super(`Interrupted by ${signal}.`);
  }
}

/** Registers `cleanup` (synchronous) until the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  pending.push(cleanup);
  return () => {
    const index = pending.lastIndexOf(cleanup);
    if (index >= 0) pending.splice(index, 1);
  };
}

/** The signal a stop was requested by, if any. */
export const stopRequestedBy = (): string | undefined => stopping;

/** Throws InterruptedError if a stop was requested; the writer calls it between its steps. */
export function throwIfStopping(): void {
  if (stopping !== undefined) throw new InterruptedError(stopping, false);
}

/**
 * Runs the cleanups of writes still in progress, newest first (a staging
 * directory goes before the lock that guards it is released); returns how
 * many there were.
 */
export function cleanUpInterruptedWrites(): number {
  const count = pending.length;
  for (const cleanup of pending.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // One failed cleanup must not stop the others; a later run recovers what is left.
    }
  }
  return count;
}

/**
 * The CLI's answer to a signal. True: a write is in progress and will stop
 * at its next step (the command then ends with InterruptedError). False:
 * exit now — nothing is being written, or this is a second signal, whose
 * cleanups have just run.
 */
export function requestStop(signal: string): boolean {
  if (pending.length > 0 && stopping === undefined) {
    stopping = signal;
    return true;
  }
  cleanUpInterruptedWrites();
  return false;
}
