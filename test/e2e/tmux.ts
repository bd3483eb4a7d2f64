import { execFileSync } from 'node:child_process';

/**
 * Drives a program in a real pseudo-terminal with tmux, as a person would:
 * type keys, wait for text on the screen. Each session gets its own tmux
 * server socket, so tests never touch a user's tmux.
 */
export class TmuxSession {
  private readonly socket = `cpd-test-${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(command: string, cwd: string) {
    this.tmux(
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      '160',
      '-y',
      '50',
      '-c',
      cwd,
      `${command}; echo "EXIT=$?"; sleep 60`,
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main', '-S', '-200');
  }

  /** Sends tmux key names ("Enter", "C-c") or literal text (literal: true). */
  send(keys: string, literal = false): void {
    this.tmux('send-keys', '-t', 'main', ...(literal ? ['-l', keys] : [keys]));
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
