-- Functions, procedures and aggregates (prokind 'f', 'p', 'a') in the schemas $1, with the identity
-- arguments that tell overloads apart; window functions are not read, and what belongs to an extension
-- is left out. A function or procedure as pg_get_functiondef prints it; an aggregate, which has no such
-- function, as the `CREATE OR REPLACE AGGREGATE` statement built from pg_aggregate below: every option
-- that differs from its default, in the order of PostgreSQL's CREATE AGGREGATE synopsis, the support
-- functions as regproc prints them, types as format_type and the sort operator's name qualified (all
-- printing depends on search_path, pinned to pg_catalog by session-settings.ts, so that both sides of a
-- comparison print them alike); `(*)` for an aggregate without arguments, the direct and aggregated
-- arguments of an ordered-set aggregate as pg_get_function_arguments prints them (`p float8 ORDER BY
-- float8`). depends_on: dependency keys (see src/model/object-ref.ts) of the relations (a table's or
-- view's row type counting as the relation; a free-standing composite type is a type), functions and types outside the system schemas the function
-- depends on (pg_depend: argument and result types, the body of a BEGIN ATOMIC function). called_by:
-- the column defaults, generated columns, constraints and indexes of tables (and the indexes of
-- materialized views, with `table` the view), and the defaults and checks
-- of domains (in any schema) that call the function, as [{schema, table, kind, name}] with kind
-- 'default', 'generated', 'constraint' or 'index' (`table` the table; an index behind a constraint, as
-- an exclusion constraint's, is named as its constraint), or 'domainDefault' or 'domainConstraint'
-- (`table` the domain; name '' for its default), or null; inherited constraints and indexes attached to a
-- partitioned index are left out (they go with their parent's). Views, triggers and policies list what
-- they call themselves. The constructor functions PostgreSQL makes with a range type and its multirange
-- type (pg_depend 'i' on the type) are the type's parts, not functions of the user's, and are left out.
-- event_triggers: the names of the event triggers (the database's, in no schema) that execute the
-- function; PostgreSQL refuses to drop it while one does.
SELECT
  n.nspname::text AS schema,
  p.proname::text AS name,
  p.prokind::text AS kind,
  pg_get_function_identity_arguments(p.oid)::text AS arguments,
  pg_get_function_arguments(p.oid)::text AS signature,
  pg_get_function_result(p.oid)::text AS returns,
  CASE WHEN p.prokind = 'a' THEN (
    SELECT 'CREATE OR REPLACE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
      || CASE WHEN p.pronargs = 0 THEN '*' ELSE pg_get_function_arguments(p.oid) END || E') (\n    '
      || concat_ws(E',\n    ',
        'SFUNC = ' || a.aggtransfn::text,
        'STYPE = ' || format_type(a.aggtranstype, NULL),
        'SSPACE = ' || NULLIF(a.aggtransspace, 0)::text,
        CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::text END,
        CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
        CASE WHEN a.aggfinalmodify <> m.by_default THEN 'FINALFUNC_MODIFY = ' || (m.names ->> a.aggfinalmodify::text) END,
        CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::text END,
        CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::text END,
        CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::text END,
        'INITCOND = ' || quote_literal(a.agginitval),
        CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::text END,
        CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::text END,
        CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
        'MSSPACE = ' || NULLIF(a.aggmtransspace, 0)::text,
        CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::text END,
        CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
        CASE WHEN a.aggmfinalmodify <> m.by_default THEN 'MFINALFUNC_MODIFY = ' || (m.names ->> a.aggmfinalmodify::text) END,
        'MINITCOND = ' || quote_literal(a.aggminitval),
        (SELECT 'SORTOP = OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')'
          FROM pg_operator o JOIN pg_namespace opn ON opn.oid = o.oprnamespace WHERE o.oid = a.aggsortop),
        CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END,
        CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END
      ) || E'\n)'
    FROM pg_aggregate a
    -- FINALFUNC_MODIFY and MFINALFUNC_MODIFY default to READ_ONLY for a plain aggregate, READ_WRITE for
    -- an ordered-set or hypothetical-set one.
    CROSS JOIN LATERAL (
      SELECT CASE a.aggkind WHEN 'n' THEN 'r' ELSE 'w' END::"char" AS by_default,
        jsonb_build_object('r', 'READ_ONLY', 's', 'SHAREABLE', 'w', 'READ_WRITE') AS names
    ) m
    WHERE a.aggfnoid = p.oid
  ) ELSE pg_get_functiondef(p.oid) END::text AS definition,
  ARRAY(
    SELECT DISTINCT k.key
    FROM pg_depend d
    CROSS JOIN LATERAL (
      SELECT 'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""') || '"' AS key
      FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE d.refclassid = 'pg_class'::regclass AND r.oid = d.refobjid
        AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
      UNION ALL
      SELECT 'function "' || replace(fn.nspname, '"', '""') || '"."' || replace(f.proname, '"', '""') || '"('
        || pg_get_function_identity_arguments(f.oid) || ')'
      FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
      WHERE d.refclassid = 'pg_proc'::regclass AND f.oid = d.refobjid
        AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
      UNION ALL
      SELECT CASE
          WHEN r.oid IS NOT NULL AND r.relkind <> 'c' THEN
            'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""') || '"'
          ELSE 'type "' || replace(tn.nspname, '"', '""') || '"."' || replace(t.typname, '"', '""') || '"'
        END
      FROM pg_type a
      -- An array type as its element type, a multirange type as its range type.
      JOIN pg_type e ON e.oid = CASE WHEN a.typelem <> 0 AND a.typlen = -1 THEN a.typelem ELSE a.oid END
      LEFT JOIN pg_range mr ON e.typtype = 'm' AND mr.rngmultitypid = e.oid
      JOIN pg_type t ON t.oid = COALESCE(mr.rngtypid, e.oid)
      JOIN pg_namespace tn ON tn.oid = t.typnamespace
      LEFT JOIN pg_class r ON r.oid = t.typrelid
      LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE d.refclassid = 'pg_type'::regclass AND a.oid = d.refobjid
        AND tn.nspname NOT IN ('pg_catalog', 'information_schema')
    ) k
    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'n'
    ORDER BY 1
  )::text[] AS depends_on,
  (
    SELECT json_agg(json_build_object('schema', u.schema, 'table', u.table_name, 'kind', u.kind, 'name', u.name)
      ORDER BY u.schema, u.table_name, u.kind, u.name)
    FROM (
      SELECT DISTINCT un.nspname::text AS schema, uc.relname::text AS table_name,
        CASE
          WHEN d.classid = 'pg_attrdef'::regclass THEN CASE WHEN ua.attgenerated = '' THEN 'default' ELSE 'generated' END
          WHEN d.classid = 'pg_constraint'::regclass OR ucon.oid IS NOT NULL THEN 'constraint'
          ELSE 'index'
        END AS kind,
        COALESCE(ua.attname, con.conname, ucon.conname, ui.relname)::text AS name
      FROM pg_depend d
      LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
      LEFT JOIN pg_attribute ua ON ua.attrelid = ad.adrelid AND ua.attnum = ad.adnum
      LEFT JOIN pg_constraint con ON d.classid = 'pg_constraint'::regclass AND con.oid = d.objid
        AND con.conrelid <> 0 AND con.conislocal
      LEFT JOIN pg_class ui ON d.classid = 'pg_class'::regclass AND ui.oid = d.objid
        AND ui.relkind IN ('i', 'I') AND NOT ui.relispartition
      LEFT JOIN pg_index ux ON ux.indexrelid = ui.oid
      LEFT JOIN pg_constraint ucon ON ucon.conindid = ui.oid AND ucon.conrelid = ux.indrelid
        AND ucon.contype IN ('p', 'u', 'x')
      JOIN pg_class uc ON uc.oid = COALESCE(ad.adrelid, con.conrelid, ux.indrelid)
      JOIN pg_namespace un ON un.oid = uc.relnamespace
      WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = p.oid AND d.deptype = 'n'
        AND d.classid IN ('pg_attrdef'::regclass, 'pg_constraint'::regclass, 'pg_class'::regclass)
        AND uc.relkind IN ('r', 'p', 'm')
      UNION
      SELECT tn.nspname::text, t.typname::text,
        CASE WHEN d.classid = 'pg_type'::regclass THEN 'domainDefault' ELSE 'domainConstraint' END,
        COALESCE(con.conname::text, '')
      FROM pg_depend d
      LEFT JOIN pg_constraint con ON d.classid = 'pg_constraint'::regclass AND con.oid = d.objid
      JOIN pg_type t ON t.oid = CASE WHEN d.classid = 'pg_type'::regclass THEN d.objid ELSE con.contypid END
      JOIN pg_namespace tn ON tn.oid = t.typnamespace
      WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = p.oid AND d.deptype = 'n'
        AND d.classid IN ('pg_type'::regclass, 'pg_constraint'::regclass)
        AND t.typtype = 'd'
    ) u
  ) AS called_by,
  ARRAY(SELECT e.evtname::text FROM pg_event_trigger e WHERE e.evtfoid = p.oid ORDER BY 1)::text[] AS event_triggers
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p', 'a')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'i'
      AND x.refclassid = 'pg_type'::regclass
  )
ORDER BY 1, 2, 4
