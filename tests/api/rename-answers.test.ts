/**
 * Possible renames answered with `--rename` / `--no-rename`: how the values read, which candidate each
 * answers (tables and columns, in public and other schemas, quoted names), and what stays unanswered.
 */
import {
  answeredRenames,
  ConflictingRenameFlagsError,
  parseRenameAnswers,
  RenameFlagError,
  UnansweredRenamesError,
} from "../../src/api/rename-answers";
import { compareWithRenames } from "../../src/api/renames";
import { column, model, table } from "../support/model-builders";

const kinds = (ops: readonly { kind: string }[]) => ops.map((op) => op.kind).sort();

describe("parseRenameAnswers", () => {
  it("reads paths of 1 to 3 names, quoted names with dots and quotes", () => {
    expect(parseRenameAnswers(['audit."my.table".c=d', "t=u"], ['"a""b"'])).toEqual({
      renames: [
        { text: 'audit."my.table".c=d', path: ["audit", "my.table", "c"], to: "d" },
        { text: "t=u", path: ["t"], to: "u" },
      ],
      noRenames: [{ text: '"a""b"', path: ['a"b'] }],
    });
  });

  it("reads a table moved to another schema: the new name with its schema", () => {
    expect(parseRenameAnswers(["public.notes=archive.notes", "notes=archive.old_notes"]).renames).toStrictEqual([
      { text: "public.notes=archive.notes", path: ["public", "notes"], to: "notes", toSchema: "archive" },
      { text: "notes=archive.old_notes", path: ["notes"], to: "old_notes", toSchema: "archive" },
    ]);
  });

  it.each([
    ["notes.title", "expected OLD=NEW"],
    ["a.b.c.d=e", "at most schema.table.column"],
    ["a..b=c", "a name is empty"],
    ["a=b.c.d", "the new name is a name alone, or schema.table"],
    ['"a=b"=c.d.e', "the new name is a name alone, or schema.table"],
    ['"a=b', "expected OLD=NEW"],
    ['"a.b=c', "expected OLD=NEW"],
  ])("refuses %s", (value, reason) => {
    expect(() => parseRenameAnswers([value])).toThrow(RenameFlagError);
    expect(() => parseRenameAnswers([value])).toThrow(reason);
  });
});

describe("answeredRenames", () => {
  const users = (...names: string[]) => table("users", names.map((n) => column(n, "text")));

  it("answers a column in public and a table in another schema", async () => {
    const from = model({ schemas: ["public", "audit"], tables: [users("mail"), table("audit.old", [column("id", "integer")])] });
    const to = model({ schemas: ["public", "audit"], tables: [users("email"), table("audit.fresh", [column("id", "integer")])] });
    const decide = answeredRenames(parseRenameAnswers(["users.mail=email", "audit.old=fresh"]));
    expect(kinds((await compareWithRenames(from, to, {}, decide)).operations)).toEqual(["renameColumn", "renameTable"]);
  });

  it("a column of a table in another schema needs its schema", async () => {
    const from = model({ schemas: ["audit"], tables: [table("audit.users", [column("mail", "text")])] });
    const to = model({ schemas: ["audit"], tables: [table("audit.users", [column("email", "text")])] });
    await expect(compareWithRenames(from, to, {}, answeredRenames(parseRenameAnswers(["users.mail=email"])))).rejects.toThrow(
      "--rename audit.users.mail=email",
    );
    const ok = await compareWithRenames(from, to, {}, answeredRenames(parseRenameAnswers(["audit.users.mail=email"])));
    expect(kinds(ok.operations)).toEqual(["renameColumn"]);
  });

  it("with several deleted columns, --no-rename must cover each, or name the created one", async () => {
    const from = model({ tables: [users("mail", "phone")] });
    const to = model({ tables: [users("email")] });
    const partly = compareWithRenames(from, to, {}, answeredRenames(parseRenameAnswers([], ["users.mail"])));
    await expect(partly).rejects.toThrow(UnansweredRenamesError);
    await expect(partly).rejects.toThrow("column public.users.phone -> email");
    const all = await compareWithRenames(from, to, {}, answeredRenames(parseRenameAnswers([], ["users.mail", "users.phone"])));
    expect(kinds(all.operations)).toEqual(["addColumn", "dropColumn", "dropColumn"]);
    const created = await compareWithRenames(from, to, {}, answeredRenames(parseRenameAnswers([], ["users.email"])));
    expect(kinds(created.operations)).toEqual(["addColumn", "dropColumn", "dropColumn"]);
  });

  it("lists every unanswered candidate, several deleted choices in one line", async () => {
    const from = model({ tables: [users("mail", "phone"), table("old")] });
    const to = model({ tables: [users("email"), table("fresh")] });
    const error = await compareWithRenames(from, to, {}, answeredRenames(parseRenameAnswers())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnansweredRenamesError);
    expect((error as UnansweredRenamesError).message).toContain("Autogenerate found 2 possible renames");
    expect((error as UnansweredRenamesError).message).toContain(
      "  table public.old -> fresh: --rename old=fresh (rename, keeps the data) or --no-rename old (drop + add)\n" +
        "  column public.users.email (renamed from one of mail, phone?): --rename users.mail=email or " +
        "--rename users.phone=email (rename, keeps the data) or --no-rename users.mail --no-rename users.phone (drop + add)",
    );
  });

  it("a deleted column that --rename gives to one created column is not offered to another", async () => {
    // users.first_name became given_name, and address_region is new: the --rename answers both questions,
    // whichever is asked first (address_region sorts before given_name).
    const from = model({ tables: [users("id", "first_name")] });
    const to = model({ tables: [users("id", "given_name", "address_region")] });
    const decide = answeredRenames(parseRenameAnswers(["users.first_name=given_name"]));
    const result = await compareWithRenames(from, to, {}, decide);
    expect(kinds(result.operations)).toEqual(["addColumn", "renameColumn"]);
  });

  it("a misspelt --rename that kept a deleted column from another question leaves that question unanswered", async () => {
    const from = model({ tables: [users("id", "first_name")] });
    const to = model({ tables: [users("id", "given_name", "address_region")] });
    const error = await compareWithRenames(from, to, {}, answeredRenames(parseRenameAnswers(["users.first_name=givn_name"]))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnansweredRenamesError);
    const message = (error as UnansweredRenamesError).message;
    expect(message).toContain("column public.users.first_name -> address_region: --rename users.first_name=address_region");
    expect(message).toContain("column public.users.first_name -> given_name: --rename users.first_name=given_name");
    expect(message).toContain("These answers matched no possible rename: --rename users.first_name=givn_name.");
  });

  describe("a table moved to another schema", () => {
    const notes = (name: string) => table(name, [column("id", "integer"), column("title", "text")]);
    const from = model({ schemas: ["public", "archive"], tables: [notes("notes")] });
    const moved = model({ schemas: ["public", "archive"], tables: [notes("archive.notes")] });
    const movedAndRenamed = model({ schemas: ["public", "archive"], tables: [notes("archive.old_notes")] });

    it("keeping its name, is that table without a question", async () => {
      const asked: string[] = [];
      const fallback = async () => {
        asked.push("asked");
        return null;
      };
      const result = await compareWithRenames(from, moved, {}, answeredRenames(parseRenameAnswers(), { fallback }));
      expect(result.operations).toStrictEqual([{ kind: "moveTable", table: { schema: "public", name: "notes" }, schema: "archive" }]);
      expect(asked).toStrictEqual([]);
    });

    it("keeping its name, is dropped and created with --no-rename", async () => {
      const result = await compareWithRenames(from, moved, {}, answeredRenames(parseRenameAnswers([], ["public.notes"])));
      // public.notes is dropped for good: its reset's drop stage is where its downgrade starts it from the built-in privileges.
      expect(kinds(result.operations)).toEqual(["createTable", "dropTable", "resetPrivileges"]);
    });

    it("renamed too, is asked about, with the flags that answer it", async () => {
      const error = await compareWithRenames(from, movedAndRenamed, {}, answeredRenames(parseRenameAnswers())).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnansweredRenamesError);
      expect((error as UnansweredRenamesError).message).toContain(
        "  table public.notes -> archive.old_notes: --rename public.notes=archive.old_notes (rename, keeps the data) or " +
          "--no-rename public.notes (drop + add)",
      );
      const result = await compareWithRenames(
        from,
        movedAndRenamed,
        {},
        answeredRenames(parseRenameAnswers(["public.notes=archive.old_notes"])),
      );
      expect(result.operations).toStrictEqual([
        { kind: "moveTable", table: { schema: "public", name: "notes" }, schema: "archive", to: "old_notes" },
      ]);
    });

    it("a --rename without the new schema does not move it", async () => {
      const decide = answeredRenames(parseRenameAnswers(["public.notes=old_notes"]));
      await expect(compareWithRenames(from, movedAndRenamed, {}, decide)).rejects.toThrow(
        "These answers matched no possible rename: --rename public.notes=old_notes.",
      );
    });
  });

  it("refuses two sources for one created object", async () => {
    const from = model({ tables: [users("mail", "phone")] });
    const to = model({ tables: [users("email")] });
    const decide = answeredRenames(parseRenameAnswers(["users.mail=email", "users.phone=email"]));
    await expect(compareWithRenames(from, to, {}, decide)).rejects.toThrow(ConflictingRenameFlagsError);
  });

  it("warns about an answer that no possible rename used", async () => {
    const lines: string[] = [];
    const from = model({ tables: [users("mail")] });
    const decide = answeredRenames(parseRenameAnswers(["users.x=y"]), { warn: (line) => lines.push(line) });
    await compareWithRenames(from, from, {}, decide);
    expect(lines).toEqual(["--rename users.x=y was not used: no possible rename matches it."]);
  });
});

it("refuses a quote that is not closed", () => {
  expect(() => parseRenameAnswers([], ['"a.b'])).toThrow("a double quote is not closed");
});
