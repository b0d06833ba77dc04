/**
 * The CLI's rename deciders: the arrow-key prompt (driven through fake streams, as a terminal would drive
 * it), whose default (Enter) is a rename, never the drop; and the non-interactive decider, which asks
 * nothing and refuses a possible rename that no --rename / --no-rename answered.
 */
import { PassThrough, Writable } from "node:stream";
import { UnansweredRenamesError, parseRenameAnswers } from "../../src/api/rename-answers";
import { compareWithRenames, type RenameCandidate } from "../../src/api/renames";
import type { CliIo } from "../../src/cli/io";
import {
  promptRenames,
  RenamePromptCancelledError,
  renameChoices,
  renameDecider,
  type PromptStreams,
} from "../../src/cli/rename-prompt";
import { column, model, table } from "../support/model-builders";

function bufferIo(): CliIo & { readonly err: string[]; readonly out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return { cwd: "/", env: {}, stdout: (text) => out.push(text), stderr: (text) => err.push(text), err, out };
}

/** Fake terminal streams; `press` waits until the prompt has drawn itself, then types. */
function fakeTerminal(): PromptStreams & { press(...keys: string[]): Promise<void>; screen(): string } {
  const input = new PassThrough();
  let screen = "";
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      screen += chunk.toString();
      callback();
    },
  });
  const press = async (...keys: string[]) => {
    for (let waited = 0; !screen.includes("navigate") && waited < 2000; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const key of keys) input.write(key);
  };
  return { input, output, press, screen: () => screen };
}

const DOWN = "\u001b[B";
const ENTER = "\r";

const candidate: RenameCandidate = {
  kind: "column",
  table: { schema: "public", name: "users" },
  created: column("email", "text"),
  deleted: [column("mail", "character varying(100)"), column("old_mail", "text")],
};

describe("renameChoices", () => {
  it("offers the renames first (the same type first), then new, which says what it drops", () => {
    expect(renameChoices(candidate)).toStrictEqual([
      { value: "old_mail", name: "~ old_mail -> email (rename)" },
      {
        value: "mail",
        name: "~ mail -> email (rename)",
        description: "renamed, then its type changes from character varying(100) to text",
      },
      { value: null, name: "+ email (new)", description: "drops mail, old_mail and their data, and adds email" },
    ]);
    expect(renameChoices({ kind: "table", schema: "public", created: "people", deleted: ["users"], moved: [] })).toStrictEqual([
      { value: "users", name: "~ users -> people (rename)" },
      { value: null, name: "+ people (new)", description: "drops users and its data, and adds people" },
    ]);
  });

  it("offers the deleted tables of other schemas after those of its own, as moves", () => {
    const candidate = {
      kind: "table" as const,
      schema: "archive",
      created: "old_notes",
      deleted: ["drafts"],
      moved: [{ schema: "public", name: "notes" }],
    };
    expect(renameChoices(candidate)).toStrictEqual([
      { value: "drafts", name: "~ drafts -> old_notes (rename)" },
      { value: "public.notes", name: "~ public.notes -> archive.old_notes (move)" },
      { value: null, name: "+ old_notes (new)", description: "drops drafts, public.notes and their data, and adds old_notes" },
    ]);
  });
});

describe("promptRenames", () => {
  it("Enter takes the first rename, never the drop; new is picked with the arrow keys", async () => {
    const io = bufferIo();
    const terminal = fakeTerminal();
    const decide = promptRenames(io, terminal);
    const picked = decide(candidate);
    await terminal.press(ENTER);
    expect(await picked).toBe("old_mail");
    expect(terminal.screen()).toContain("Is column public.users.email new, or renamed from a deleted column?");
    expect(io.err).toStrictEqual([
      "Some tables or columns were both removed and added: tell which ones are renames (a rename keeps the data).\n",
    ]);

    const second = fakeTerminal();
    const isNew = promptRenames(io, second)(candidate);
    await second.press(DOWN, DOWN, ENTER);
    expect(await isNew).toBeNull();
  });

  it("turns Ctrl+C into a RenamePromptCancelledError naming the object", async () => {
    const terminal = fakeTerminal();
    const answer = promptRenames(bufferIo(), terminal)(candidate);
    await terminal.press("\u0003");
    await expect(answer).rejects.toThrow(RenamePromptCancelledError);
    await expect(answer).rejects.toThrow(/The rename question about column public\.users\.email was cancelled/);
  });
});

describe("renameDecider", () => {
  const from = model({ tables: [table("users", [column("mail", "text")])] });
  const to = model({ tables: [table("users", [column("email", "text")])] });

  it("without a terminal, refuses an unanswered possible rename, listing it with its flags", async () => {
    const io = bufferIo();
    const result = compareWithRenames(from, to, {}, renameDecider(io, { interactive: true, terminal: false }));
    await expect(result).rejects.toThrow(UnansweredRenamesError);
    await expect(result).rejects.toThrow(
      "column public.users.mail -> email: --rename users.mail=email (rename, keeps the data) or --no-rename users.mail (drop + add)",
    );
  });

  it("with --no-interactive on a terminal, never prompts; the flags answer", async () => {
    const io = bufferIo();
    const terminal = fakeTerminal();
    const answers = parseRenameAnswers(["users.mail=email"]);
    const decide = renameDecider(io, { interactive: false, terminal: true, streams: terminal, answers });
    const result = await compareWithRenames(from, to, {}, decide);
    expect(result.operations.map((op) => op.kind)).toStrictEqual(["renameColumn"]);
    expect(terminal.screen()).toBe("");
    expect(io.err).toStrictEqual([]);
  });

  it("on a terminal, asks only what the flags leave open", async () => {
    const io = bufferIo();
    const terminal = fakeTerminal();
    const answers = parseRenameAnswers([], ["users.mail"]);
    const decide = renameDecider(io, { interactive: true, terminal: true, streams: terminal, answers });
    const result = await compareWithRenames(from, to, {}, decide);
    expect(result.operations.map((op) => op.kind).sort()).toStrictEqual(["addColumn", "dropColumn"]);
    expect(terminal.screen()).toBe("");
  });
});
