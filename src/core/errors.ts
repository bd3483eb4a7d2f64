/**
 * A problem the user can fix: bad input, a refused directory, a route that
 * does not match. The CLI prints `✖ message` and the hint, exits with
 * `exitCode`, and shows no stack unless --verbose.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

/** The user pressed Ctrl-C at a prompt: exit 130, leave nothing behind. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('Cancelled.');
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
