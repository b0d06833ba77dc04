/**
 * The functions a type rebuild cannot set aside when it runs (src/sql/type-functions.ts), as far as the
 * model tells: among those using a type the rebuild creates again (in their signature, result or body),
 * an aggregate, or one that something else uses (a function, view, trigger, rule or policy depending on
 * it, a default, constraint or index calling it). The rebuild stops on them before changing anything;
 * for the derived downgrade of an appended label, the comparison says so when it writes the upgrade
 * (`appendDowngradeWarnings`), where the user can still act.
 */
import { qualifiedName } from "../model/names";
import type { FunctionDef } from "../model/catalog-objects";
import type { SchemaModel } from "../model/schema-model";
import { functionAnchor } from "../model/object-ref";
import { displayName } from "./display";

interface TypeLike {
  readonly schema: string;
  readonly name: string;
}

/**
 * What the model knows uses `fn`, for messages; undefined when nothing does. The functions `alongside`
 * accepts (set aside with it) do not count.
 */
export function functionUser(model: SchemaModel, fn: FunctionDef, alongside: (f: FunctionDef) => boolean = () => false): string | undefined {
  const anchor = functionAnchor(fn.schema, fn.name, fn.arguments);
  const on = (o: { readonly schema: string; readonly table: string }) => `${o.schema}.${o.table}`;
  const users: [string, readonly string[] | undefined][] = [
    ...Object.values(model.functions).filter((f) => !alongside(f)).map((f): [string, readonly string[] | undefined] => [`${f.kind} ${displayName(f)}(${f.arguments})`, f.dependsOn]),
    ...Object.values(model.views).map((v): [string, readonly string[] | undefined] => [`${v.materialized ? "materialized view" : "view"} ${displayName(v)}`, v.dependsOn]),
    ...Object.values(model.triggers).map((t): [string, readonly string[] | undefined] => [`trigger ${t.name} on ${on(t)}`, t.dependsOn]),
    ...Object.values(model.rules ?? {}).map((r): [string, readonly string[] | undefined] => [`rule ${r.name} on ${on(r)}`, r.dependsOn]),
    ...Object.values(model.policies).map((p): [string, readonly string[] | undefined] => [`policy ${p.name} on ${on(p)}`, p.dependsOn]),
  ];
  const user = users.find(([, dependsOn]) => (dependsOn ?? []).includes(anchor));
  if (user !== undefined) return user[0];
  const caller = Object.entries(model.functionCalls ?? {}).find(([, calls]) => calls.some((call) => call.function === anchor));
  return caller === undefined ? undefined : `a default, constraint or index of ${caller[0].replace(/"/g, "")}`;
}

/**
 * For an appended label: one warning per function using `types` (the enum and the types rebuilt with it
 * in the downgrade) that the downgrade's rebuild cannot set aside, naming the function and why.
 */
export function appendDowngradeWarnings(model: SchemaModel, enumName: string, types: readonly TypeLike[]): string[] {
  const keys = new Set(types.map((t) => `type ${qualifiedName(t.schema, t.name)}`));
  const usesTypes = (fn: FunctionDef) => fn.kind !== "aggregate" && (fn.dependsOn ?? []).some((d) => keys.has(d));
  return Object.values(model.functions).flatMap((fn) => {
    if (!(fn.dependsOn ?? []).some((d) => keys.has(d))) return [];
    const why = fn.kind === "aggregate" ? "it is an aggregate" : functionUser(model, fn, usesTypes);
    if (why === undefined) return [];
    const reason = fn.kind === "aggregate" ? why : `${why} uses it`;
    return [
      `Warning: the downgrade of this migration removes the label added to enum '${enumName}' by rebuilding the type, and ` +
        `${fn.kind} '${displayName(fn)}(${fn.arguments})' uses it or a type rebuilt with it, which the rebuild cannot drop and ` +
        `create again (${reason}): that downgrade will stop before changing anything, until the ${fn.kind} is dropped first`,
    ];
  });
}
