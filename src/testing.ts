/** `pg-autogen/testing`: the migration test kit for a project's own jest (or vitest) suite. */
export { describeMigrations, migrationChecks, runMigrationChecks, MigrationCheckError, type TestRunnerFunctions } from "./testkit/jest";
