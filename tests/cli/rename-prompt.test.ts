/**
 * The CLI's rename deciders: the arrow-key prompt (driven through fake streams, as a terminal would drive
 * it) and the non-interactive fallback that answers "new" and warns on stderr.
 */
import { PassThrough, Writable } from "node:stream";
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
  it("offers new first, then one rename per deleted object, describing a type change", () => {
    expect(renameChoices(candidate)).toStrictEqual([
      { value: null, name: "+ email (new)" },
      {
        value: "mail",
        name: "~ mail -> email (rename)",
        description: "renamed, then its type changes from character varying(100) to text",
      },
      { value: "old_mail", name: "~ old_mail -> email (rename)" },
    ]);
    expect(renameChoices({ kind: "table", schema: "public", created: "people", deleted: ["users"] })).toStrictEqual([
      { value: null, name: "+ people (new)" },
      { value: "users", name: "~ users -> people (rename)" },
    ]);
  });
});

describe("promptRenames", () => {
  it("answers the deleted name picked with the arrow keys, and null for Enter on the first choice", async () => {
    const io = bufferIo();
    const terminal = fakeTerminal();
    const decide = promptRenames(io, terminal);
    const picked = decide(candidate);
    await terminal.press(DOWN, ENTER);
    expect(await picked).toBe("mail");
    expect(terminal.screen()).toContain("Is column public.users.email new, or renamed from a deleted column?");
    expect(io.err).toStrictEqual([
      "Some tables or columns were both removed and added: tell which ones are renames (a rename keeps the data).\n",
    ]);

    const second = fakeTerminal();
    const isNew = promptRenames(io, second)(candidate);
    await second.press(ENTER);
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
  const warning =
    "Possible rename: column public.users.mail -> email was treated as drop + add; run interactively to rename instead\n";

  it("without a terminal, treats the possible rename as drop + add and warns on stderr", async () => {
    const io = bufferIo();
    const result = await compareWithRenames(from, to, {}, renameDecider(io, { interactive: true, terminal: false }));
    expect(result.operations.map((op) => op.kind).sort()).toStrictEqual(["addColumn", "dropColumn"]);
    expect(io.err).toStrictEqual([warning]);
    expect(io.out).toStrictEqual([]);
  });

  it("with --no-interactive on a terminal, does the same and never prompts", async () => {
    const io = bufferIo();
    const terminal = fakeTerminal();
    const decide = renameDecider(io, { interactive: false, terminal: true, streams: terminal });
    await compareWithRenames(from, to, {}, decide);
    expect(io.err).toStrictEqual([warning]);
    expect(terminal.screen()).toBe("");
  });
});
