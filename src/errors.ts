/**
 * Every error the user can cause is an `AutogenError`: a class with the data a user needs, whose message is
 * one clear paragraph naming the file, revision or object involved. The CLI prints `message` and exits
 * with `exitCode`; anything else is a bug and is printed with its stack.
 */
export class AutogenError extends Error {
  /** 1 for failures, 2 for usage errors (bad arguments, bad config). */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends AutogenError {
  override readonly exitCode: number = 2;
}
