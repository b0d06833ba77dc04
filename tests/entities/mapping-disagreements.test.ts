/**
 * Two mappings of one table (an @Entity and a @JoinTable of the same name, two entities on one table name)
 * or of one enum type that describe it differently: autogen warns, naming both mappings and the difference,
 * and says which one the migration follows; the model indeed follows that one.
 */
import fs from "node:fs";
import path from "node:path";
import { readEntityModel } from "../../src/entities/read-entity-model";
import type { MappingDisagreement } from "../../src/entities/mapping-disagreements";
import type { SchemaModel } from "../../src/model/schema-model";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";

const FIXTURES = path.join(__dirname, "fixtures");

async function read(set: string): Promise<{ model: SchemaModel; found: MappingDisagreement[] }> {
  const found: MappingDisagreement[] = [];
  const model = await readEntityModel({ entities: [`disagree/${set}/*.ts`] }, FIXTURES, {
    defaultSchema: "public",
    onDisagreement: (d) => found.push(d),
  });
  return { model, found };
}

describe("mappings that disagree about one table or type", () => {
  it("an @Entity and a @JoinTable of the same name with other column types and keys", async () => {
    const { model, found } = await read("join-table");
    expect(found).toHaveLength(1);
    const [d] = found;
    expect(d!.subject).toBe("table public.post_tags");
    expect(d!.followed).toBe("entity PostTag");
    expect(d!.other).toBe("the @JoinTable of Post.tags");
    expect(d!.differences).toEqual([
      'column "postsId": character varying NOT NULL in entity PostTag, integer NOT NULL in the @JoinTable of Post.tags',
      'primary key: PRIMARY KEY (id) in entity PostTag, PRIMARY KEY ("postsId", "tagsId") in the @JoinTable of Post.tags',
    ]);
    expect(d!.message).toBe(
      "Table public.post_tags is mapped twice, differently: by entity PostTag and by the @JoinTable of Post.tags. " +
        'column "postsId": character varying NOT NULL in entity PostTag, integer NOT NULL in the @JoinTable of Post.tags; ' +
        'primary key: PRIMARY KEY (id) in entity PostTag, PRIMARY KEY ("postsId", "tagsId") in the @JoinTable of Post.tags. ' +
        "The migration follows entity PostTag where they differ (the first mapping, from which TypeORM's synchronize() " +
        "creates the table); make the mappings agree, or map the table once.",
    );
    // What the message says is what the model holds.
    const table = model.tables['"public"."post_tags"']!;
    expect(table.columns.find((c) => c.name === "postsId")?.type).toBe("character varying");
    expect(table.primaryKey?.columns).toEqual(["id"]);
  });

  it("an entity mapping a join table with the same key but foreign keys without its CASCADE", async () => {
    const { model, found } = await read("join-entity");
    expect(found.map((d) => [d.subject, d.followed, d.other])).toEqual([["table public.post_tags", "entity PostTag", "the @JoinTable of Post.tags"]]);
    expect(found[0]!.differences).toEqual([
      'foreign key "FK_e989388f06246063f9af1798098": FOREIGN KEY ("postsId") REFERENCES public.posts (id) ON DELETE NO ACTION ON UPDATE NO ACTION ' +
        'in entity PostTag, FOREIGN KEY ("postsId") REFERENCES public.posts (id) ON DELETE CASCADE ON UPDATE CASCADE in the @JoinTable of Post.tags',
      'foreign key "FK_03dde65485412da025858f03051": FOREIGN KEY ("tagsId") REFERENCES public.tags (id) ON DELETE NO ACTION ON UPDATE NO ACTION ' +
        'in entity PostTag, FOREIGN KEY ("tagsId") REFERENCES public.tags (id) ON DELETE CASCADE ON UPDATE CASCADE in the @JoinTable of Post.tags',
    ]);
    const fk = model.tables['"public"."post_tags"']!.foreignKeys.find((f) => f.name === "FK_e989388f06246063f9af1798098");
    expect([fk?.onDelete, fk?.onUpdate]).toEqual(["NO ACTION", "NO ACTION"]);
  });

  it("two entities on one table name: the column they both map, typed and defaulted otherwise", async () => {
    const { model, found } = await read("two-entities");
    expect(found.map((d) => [d.subject, d.followed, d.other, d.differences])).toEqual([
      [
        "table public.accounts",
        "entity AccountSummary",
        "entity Account",
        [`column "name": character varying(50) NOT NULL DEFAULT 'anonymous' in entity AccountSummary, character varying(100) NOT NULL in entity Account`],
      ],
    ]);
    const table = model.tables['"public"."accounts"']!;
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ["id", "integer"],
      ["name", "character varying(50)"],
      ["email", "character varying"],
    ]);
  });

  it("one enum type declared with other labels by two columns", async () => {
    const { model, found } = await read("enum");
    expect(found.map((d) => [d.subject, d.followed, d.other, d.differences])).toEqual([
      [
        "enum public.document_state",
        "entity Invoice",
        "entity Quote",
        ["labels: ('draft', 'sent', 'paid') in entity Invoice, ('draft', 'accepted') in entity Quote"],
      ],
    ]);
    expect(model.enums['"public"."document_state"']?.labels).toEqual(["draft", "sent", "paid"]);
  });

  it("no warning when two entities agree on everything they both map", async () => {
    const { found } = await read("agree");
    expect(found).toEqual([]);
  });

  it("no warning for the blog fixtures (a generated join table nobody else maps)", async () => {
    const found: MappingDisagreement[] = [];
    await readEntityModel({ entities: ["blog/*.ts"] }, FIXTURES, { defaultSchema: "public", onDisagreement: (d) => found.push(d) });
    expect(found).toEqual([]);
  });

  it("autogen -m and check print the warning on stderr; the migration is the one it names", async () => {
    const dir = path.join(FIXTURES, "disagree", "join-entity");
    const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [`entities/${f}`, fs.readFileSync(path.join(dir, f), "utf8")]));
    const project = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }), ...files });
    const warning = "WARNING: Table public.post_tags is mapped twice, differently: by entity PostTag and by the @JoinTable of Post.tags.";
    const run = await cli(["-m", "initial", "--shadow"], project, { DATABASE_URL: undefined });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(warning);
    expect(run.stderr).toContain("The migration follows entity PostTag where they differ");
    const [file] = migrationFiles(project);
    const content = fs.readFileSync(path.join(project, "migrations", file!), "utf8");
    expect(content).toContain('name: "FK_e989388f06246063f9af1798098"');
    expect(content).not.toContain("CASCADE");
    // check says it too, also when there is nothing to do.
    const checked = await cli(["check", "--shadow"], project, { DATABASE_URL: undefined });
    expect(checked.stdout).toBe("No changes in schema detected.\n");
    expect(checked.stderr).toBe(`${run.stderr.split("\n").find((l) => l.startsWith(warning))}\n`);
    expect(checked.code).toBe(0);
  }, 120_000);
});
