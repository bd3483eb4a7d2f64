import { fstatSync, readFileSync, statSync } from 'node:fs';

/**
 * Machine-readable output that cannot be written is a failure of its own
 * (exit 74, EX_IOERR): a CI job that reads `check --json` or `jsonpath`
 * from a full disk or a closed stdout must not see exit 0 and no output,
 * nor a stack trace.
 */

/** stdout could not take the output; cli/index.ts maps it to EXIT.output. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** The stream cli/index.ts hands over: process.stdout's shape, without importing the process here. */
interface OutStream {
  write(chunk: string): boolean;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  fd?: number;
}

/**
 * Makes writes to a pipe wait while it is full, as writes to a file or a
 * terminal already do. Node leaves a pipe on stdout non-blocking on Linux
 * and macOS: what the reader has not taken yet queues in memory. `jsonpath`
 * printing a 27 MB event queued nearly all of it and took more than twice
 * as long (the garbage collector copying the queued text again and again);
 * queued as bytes, it still took about a tenth longer than waiting at the
 * pipe. The cost, shared with terminals: a signal is acted on once the
 * write under way returns, so a reader that stops reading without closing
 * the pipe holds the process until it reads again or closes it.
 */
export function blockOnFullPipe(stream: { _handle?: unknown }): void {
  // Node's own stream handle (a Pipe or TCP wrap); a file or a terminal has no setBlocking to call or needs none.
  const handle = stream._handle as { setBlocking?: (blocking: boolean) => number } | null | undefined;
  handle?.setBlocking?.(true);
}

const O_ACCMODE = 3;
const O_RDWR = 2;

/**
 * Whether `fd` is the /dev/null Node opens (read-write) in place of a
 * descriptor the shell closed (`>&-`). A user's own `> /dev/null` opens it
 * write-only, so it is not mistaken for this.
 */
export function isClosedByShell(fd: number): boolean {
  try {
    const own = fstatSync(fd);
    const devNull = statSync('/dev/null');
    if (!own.isCharacterDevice() || own.rdev !== devNull.rdev) return false;
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags !== undefined && (parseInt(flags, 8) & O_ACCMODE) === O_RDWR;
  } catch (error) {
    // No /proc (macOS, Windows), or `fd` is closed for real: nothing to tell, the write errors still count.
    if (['ENOENT', 'ENOTDIR', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

const describe = (error: NodeJS.ErrnoException): string =>
  error.code === 'ENOSPC'
    ? 'no space left on the device it goes to'
    : error.code === 'EBADF'
      ? 'stdout is closed'
      : error.message;

/** A guarded stdout: write throws OutputError once the stream has failed; `failure` tells if it did. */
export function guardOutput(stream: OutStream): {
  write(chunk: string): boolean;
  failure(): OutputError | undefined;
  onBrokenPipe(handler: () => void): void;
} {
  let failed: OutputError | undefined;
  let looked = false;
  let brokenPipe = (): void => {};
  stream.on('error', (error) => {
    // A reader that stops early (`| head`) is no error of ours.
    if (error.code === 'EPIPE') brokenPipe();
    else failed ??= new OutputError(`Cannot write the output to stdout: ${describe(error)}.`);
  });
  return {
    write(chunk) {
      if (!looked && stream.fd !== undefined && isClosedByShell(stream.fd)) {
        failed = new OutputError(
          'Cannot write the output to stdout: stdout is closed (the command ran with >&-), so the output would be lost.',
        );
      }
      looked = true;
      if (failed !== undefined) throw failed;
      return stream.write(chunk);
    },
    failure: () => failed,
    onBrokenPipe(handler) {
      brokenPipe = handler;
    },
  };
}
