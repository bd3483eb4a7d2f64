/**
 * Cleanups of writes in progress, run if the process is interrupted
 * (SIGINT, SIGTERM, SIGHUP) mid-write. Its own tiny module, so the CLI can
 * install its signal handlers without loading the writer. A cleanup is
 * synchronous: the process exits right after.
 */
const pending: (() => void)[] = [];

/** Registers `cleanup` until the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  pending.push(cleanup);
  return () => {
    const index = pending.lastIndexOf(cleanup);
    if (index >= 0) pending.splice(index, 1);
  };
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
