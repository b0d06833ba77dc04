import type { Operation } from "../ops/operation";

/**
 * @internal Accumulates the operations and log lines of one comparison, in the order they are detected.
 */
export class ChangeCollector {
  private readonly ops: Operation[] = [];
  private readonly lines: string[] = [];
  private readonly left: string[] = [];

  /** Records an operation and, when given, the log line describing the difference behind it. */
  emit(op: Operation, line?: string): void {
    this.ops.push(op);
    if (line !== undefined) this.lines.push(line);
  }

  /**
   * Records an operation before every one recorded so far (so first of its phase: the ordering keeps the
   * recorded order within a phase), and its log line as `emit` does.
   */
  emitFirst(op: Operation, line?: string): void {
    this.ops.unshift(op);
    if (line !== undefined) this.lines.push(line);
  }

  /** Records a log line with no operation of its own (a warning, or a difference left alone). */
  note(line: string): void {
    this.lines.push(line);
  }

  /**
   * Records a difference the comparison leaves as it is (no statement can resolve it: a collation's
   * definition, an extension that cannot move): a log line, and one of `unresolved`, so that a diff does not
   * call the two sides the same.
   */
  leaveAsIs(line: string): void {
    this.lines.push(line);
    this.left.push(line);
  }

  /**
   * Replaces an operation already recorded (the same object) by `replacement`, or removes it when
   * `replacement` is null. Its log line stays: the difference it describes is still handled.
   */
  replace(op: Operation, replacement: Operation | null): void {
    const index = this.ops.indexOf(op);
    if (index < 0) throw new Error(`replace: ${op.kind} was not recorded`);
    if (replacement === null) this.ops.splice(index, 1);
    else this.ops[index] = replacement;
  }

  get operations(): readonly Operation[] {
    return this.ops;
  }

  get log(): readonly string[] {
    return this.lines;
  }

  get unresolved(): readonly string[] {
    return this.left;
  }
}
