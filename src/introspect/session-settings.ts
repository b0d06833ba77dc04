/**
 * The settings every introspection runs under, set for the current transaction only (`set_config(...,
 * true)` is `SET LOCAL`) in one statement. The deparsed texts in the model (types, defaults, predicates,
 * constraint definitions) depend on them, so they are pinned for the same catalog to always print the
 * same text, whatever the connection's own settings:
 * - `search_path = pg_catalog`: every name outside pg_catalog prints schema-qualified;
 * - `quote_all_identifiers = off`: identifiers are quoted only where `quote_ident` would quote them;
 * - `standard_conforming_strings = on`: string constants print in the standard form (with it off,
 *   Postgres doubles every backslash inside them); the connections pin it too (src/db/session-settings.ts),
 *   but `introspect()` also accepts a caller's own connection;
 * - `DateStyle = ISO, MDY`, `IntervalStyle = postgres`, `TimeZone = UTC`: date, interval and timestamptz
 *   constants in defaults print the same way in every session;
 * - `extra_float_digits = 1`: float constants print in the shortest exact form (the server default);
 * - `lc_monetary = C`: money constants print as `'$12.34'`, whatever locale the database sets (the
 *   connections pin it too, for the runner to read them back: src/db/session-settings.ts);
 * - `bytea_output = hex`: bytea constants print as `'\x0102'` (the server default; `escape`, which a database
 *   may set, prints `'\001\002'`, the same value), and either form reads back the same everywhere;
 * - `jit = off`: not for the texts but for speed. On a large catalog the planner's cost estimate for the
 *   catalog queries crosses `jit_above_cost`/`jit_optimize_above_cost`, and JIT compilation then costs
 *   ~0.7 s per query (measured: 806 ms with JIT against 83 ms without, bench/README.md);
 * - `max_parallel_workers_per_gather = 0`: not for the texts either. On a large catalog the planner starts
 *   a parallel worker for a scan of pg_class or pg_attribute; a new process for a query of a few tens of
 *   milliseconds costs more than it saves, most on a busy server, and the plans stay the same everywhere.
 * @internal
 */
export const PIN_SESSION_SETTINGS =
  "SELECT set_config('search_path', 'pg_catalog', true), " +
  "set_config('quote_all_identifiers', 'off', true), " +
  "set_config('standard_conforming_strings', 'on', true), " +
  "set_config('DateStyle', 'ISO, MDY', true), " +
  "set_config('IntervalStyle', 'postgres', true), " +
  "set_config('TimeZone', 'UTC', true), " +
  "set_config('extra_float_digits', '1', true), " +
  "set_config('bytea_output', 'hex', true), " +
  "set_config('lc_monetary', 'C', true), " +
  "set_config('jit', 'off', true), " +
  "set_config('max_parallel_workers_per_gather', '0', true)";
