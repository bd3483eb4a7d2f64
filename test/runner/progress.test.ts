import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { showProgress } from '../../src/runner/progress.js';
import { recordingIo } from './helpers.js';

/** The live line of a long step, on a clock the test moves. */
describe('the live line of a long step', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('spins in a terminal with the step and its elapsed time, and erases itself when the step ends', () => {
    const io = recordingIo();
    const stop = showProgress('Installing the project (pip)', io, { tty: true });
    vi.advanceTimersByTime(2_500);
    const frames = io.err().split('\r\x1b[2K').filter(Boolean);
    expect(frames[0]).toBe('⠋ Installing the project (pip)… 0.0s');
    expect(frames.at(-1)).toBe(
      `${['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'][25 % 10]} Installing the project (pip)… 2.5s`,
    );
    stop();
    expect(io.err().endsWith('\r\x1b[2K')).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(io.err().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes plain lines without a terminal: one at the start, one every 30 seconds, no control characters', () => {
    const io = recordingIo();
    const stop = showProgress('Creating .venv', io, { tty: false });
    vi.advanceTimersByTime(65_000);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(io.err()).toBe(
      '… Creating .venv\n… Creating .venv: still running after 30.0s\n… Creating .venv: still running after 60.0s\n',
    );
  });
});
