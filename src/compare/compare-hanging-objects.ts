/**
 * What hangs on other objects, compared once everything it hangs on has been: triggers, rules, row-level
 * security and policies, then privileges, default privileges and comments (which may be on a trigger or
 * policy that is dropped and created again). Each sees the operations emitted so far, to bring back what
 * the migration drops and creates again.
 */
import type { SchemaModel } from "../model/schema-model";
import { relationScope } from "./catalog-scope";
import type { ChangeCollector } from "./collector";
import type { CompareOptions } from "./compare-options";
import { compareObjectComments } from "./compare-object-comments";
import { compareDefaultPrivileges } from "./compare-default-privileges";
import { comparePrivileges } from "./compare-privileges";
import { compareRowSecurity, compareRules, compareStatistics, compareTriggers } from "./compare-triggers";
import { migrationEvents, withDescendantRetypes, withInheritorRecreates, withViewColumns } from "./migration-events";
import { comparePublications, comparePublicationTables } from "./compare-publications";

export function compareHangingObjects(from: SchemaModel, to: SchemaModel, options: CompareOptions, sink: ChangeCollector): void {
  const inScope = relationScope(options, from, to);
  // A retype reaches the partitions and inheritance children too, and what of theirs names the column
  // (their publication entries too: each is taken out and put back with ONLY, on its own).
  // A column dropped and added again on a parent is on its children too (their grants on it go with it).
  const retypes = () => withInheritorRecreates(withDescendantRetypes(migrationEvents(sink.operations), from), from);
  compareTriggers(from, to, options.manage, inScope, retypes(), sink);
  compareRules(from, to, options.manage, inScope, retypes(), sink);
  compareStatistics(from, to, options.manage, inScope, retypes(), sink);
  compareRowSecurity(from, to, options.manage, inScope, retypes(), sink);
  comparePublications(from, to, options.manage, retypes(), sink);
  comparePublicationTables(from, to, options.manage, inScope, retypes(), sink);
  const events = withInheritorRecreates(withViewColumns(migrationEvents(sink.operations, { from, to }), from, to), from);
  comparePrivileges(from, to, options.manage, inScope, events, sink);
  compareDefaultPrivileges(from, to, options.manage, events, sink);
  compareObjectComments(from, to, options.manage, inScope, events, sink);
}
