/**
 * A live line for a long step (creating .venv, pip install), so minutes on a
 * slow network never look like a hang: in a terminal, a spinner with the
 * step and its elapsed time, redrawn in place and erased when the step ends
 * (its ✔/✖ line follows); without one (CI, a log), plain lines: one when the
 * step starts and one every `plainEveryMs` while it runs.
 */
import type { Io } from '../core/io.js';
import { formatDuration } from './format.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Erases the current terminal line. */
const CLEAR_LINE = '\r\x1b[2K';

export interface ProgressOptions {
  /** Draw a spinner (a terminal) or plain lines. */
  tty: boolean;
  frameMs?: number;
  plainEveryMs?: number;
}

/** Starts showing `label`; the returned function stops it. */
export function showProgress(label: string, io: Io, options: ProgressOptions): () => void {
  const started = Date.now();
  const elapsed = (): string => formatDuration(Date.now() - started);
  let timer: NodeJS.Timeout;
  if (options.tty) {
    let frame = 0;
    const draw = (): void => {
      io.stderr.write(`${CLEAR_LINE}${FRAMES[frame % FRAMES.length]} ${label}… ${elapsed()}`);
      frame += 1;
    };
    draw();
    timer = setInterval(draw, options.frameMs ?? 100);
  } else {
    io.stderr.write(`… ${label}\n`);
    timer = setInterval(
      () => io.stderr.write(`… ${label}: still running after ${elapsed()}\n`),
      options.plainEveryMs ?? 30_000,
    );
  }
  // Never the reason the process stays alive.
  timer.unref();
  return () => {
    clearInterval(timer);
    if (options.tty) io.stderr.write(CLEAR_LINE);
  };
}
