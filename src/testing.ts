/** `pg-autogen/testing`: the migration test kit for a project's own jest suite. */
export { describeMigrations, migrationChecks, runMigrationChecks, MigrationCheckError } from "./testkit/jest";
