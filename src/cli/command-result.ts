/** What a command ends with: its exit code (0 success, 1 failure or differences found, 2 usage error). */
export interface CommandResult {
  readonly exitCode: number;
}
