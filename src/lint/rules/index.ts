/** Every lint rule, keyed by its id (one rule per file in this folder). */
import type { LintRule } from "../rule";
import { addingFieldWithDefault } from "./adding-field-with-default";
import { addingNotNullableField } from "./adding-not-nullable-field";
import { addingRequiredField } from "./adding-required-field";
import { changingColumnType } from "./changing-column-type";
import { constraintMissingNotValid } from "./constraint-missing-not-valid";
import { disallowedUniqueConstraint } from "./disallowed-unique-constraint";
import { droppingObjectReadByView } from "./dropping-object-read-by-view";
import { enumValueUsedInTransaction } from "./enum-value-used-in-transaction";
import { movingTable, renamingColumn, renamingTable } from "./renaming";
import { requireConcurrentIndexCreation } from "./require-concurrent-index-creation";
import { requireConcurrentIndexDeletion } from "./require-concurrent-index-deletion";
import { requireLockTimeout, requireStatementTimeout } from "./require-timeouts";

const ALL: readonly LintRule[] = [
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  constraintMissingNotValid,
  disallowedUniqueConstraint,
  addingNotNullableField,
  addingRequiredField,
  addingFieldWithDefault,
  changingColumnType,
  droppingObjectReadByView,
  enumValueUsedInTransaction,
  requireLockTimeout,
  requireStatementTimeout,
  renamingColumn,
  renamingTable,
  movingTable,
];

export const LINT_RULES: Readonly<Record<string, LintRule>> = Object.freeze(Object.fromEntries(ALL.map((r) => [r.id, r])));
