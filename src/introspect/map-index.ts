/**
 * `indexes.sql` row -> IndexDef.
 * @internal
 */
import type { IndexDef, IndexKey } from "../model/schema-model";
import type { IndexRow } from "./catalog-rows";

/** `pg_index.indoption` bits (INDOPTION_DESC, INDOPTION_NULLS_FIRST in PostgreSQL's pg_index.h). */
const INDOPTION_DESC = 1;
const INDOPTION_NULLS_FIRST = 2;

/**
 * Maps one index. `nullsFirst` is the NULLS FIRST bit as Postgres stores it, so `DESC` alone reads
 * `{ descending: true, nullsFirst: true }` and `DESC NULLS LAST` reads `{ descending: true,
 * nullsFirst: false }`: a writer spells out NULLS FIRST/LAST only when it differs from the direction's
 * default (NULLS LAST for ASC, NULLS FIRST for DESC).
 */
export function mapIndex(row: IndexRow): IndexDef {
  const keys: IndexKey[] = row.key_expressions.map((expression, i) => {
    const option = Number(row.key_options[i] ?? "0");
    return {
      expression,
      descending: (option & INDOPTION_DESC) !== 0,
      nullsFirst: (option & INDOPTION_NULLS_FIRST) !== 0,
      opclass: row.key_opclasses[i] ?? null,
      collation: row.key_collations[i] ?? null,
    };
  });
  return {
    name: row.name,
    unique: row.is_unique,
    method: row.method,
    keys,
    include: row.include_columns,
    where: row.predicate,
    nullsNotDistinct: row.nulls_not_distinct,
    ...(row.tablespace !== null && { tablespace: row.tablespace }),
    ...(row.storage_parameters.length > 0 && { storageParameters: row.storage_parameters }),
    ...(row.statistics_targets.length > 0 && { statisticsTargets: statisticsTargets(row.statistics_targets) }),
    ...(row.invalid && { invalid: true as const }),
  };
}

/** `[2, 500, 3, 0]` (column number, target pairs) -> `{ 2: 500, 3: 0 }`. */
function statisticsTargets(pairs: readonly number[]): Record<number, number> {
  const targets: Record<number, number> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) targets[Number(pairs[i])] = Number(pairs[i + 1]);
  return targets;
}
