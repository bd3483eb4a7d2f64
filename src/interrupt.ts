/**
 * Cleanups of writes in progress, run if the process is interrupted
 * (Ctrl-C) mid-write. Its own tiny module, so the CLI can install its
 * SIGINT handler without loading the writer.
 */
const pending = new Set<() => void>();

/** Registers `cleanup` until the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  pending.add(cleanup);
  return () => pending.delete(cleanup);
}

/** Runs the cleanups of writes still in progress; returns how many there were. */
export function cleanUpInterruptedWrites(): number {
  const count = pending.size;
  for (const cleanup of pending) cleanup();
  pending.clear();
  return count;
}
