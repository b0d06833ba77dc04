/** Collations: `CREATE COLLATION` with the provider's options, `DROP COLLATION` (never CASCADE). */
import type { CreateCollationOp, DropCollationOp } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteLiteral, quoteQualified } from "./quote";

/**
 * @example // => CREATE COLLATION "public"."numeric" (provider = icu, locale = 'en-u-kn-true')
 */
export function compileCreateCollation(op: CreateCollationOp): CompiledStatement[] {
  const c = op.collation;
  const options = [`provider = ${c.provider}`];
  if (c.provider === "libc") {
    options.push(`lc_collate = ${quoteLiteral(c.lcCollate ?? "")}`, `lc_ctype = ${quoteLiteral(c.lcCtype ?? "")}`);
  } else {
    options.push(`locale = ${quoteLiteral(c.locale ?? "")}`);
  }
  if (c.rules !== null) options.push(`rules = ${quoteLiteral(c.rules)}`);
  if (!c.deterministic) options.push("deterministic = false");
  return [statement(`CREATE COLLATION ${quoteQualified(c)} (${options.join(", ")})`)];
}

export function compileDropCollation(op: DropCollationOp): CompiledStatement[] {
  return [statement(`DROP COLLATION ${quoteQualified(op.collation)}`)];
}
