/**
 * The scratch plan finds a model enum in a raw column type however the type is spelled: fully quoted,
 * bare, or quoted where quote_ident quotes (keywords, capitals), with array brackets, and whatever the
 * name holds (a line break included).
 */
import { enumTypeSubstituter } from "../../src/normalise/scratch-plan";

const sub = enumTypeSubstituter([
  { token: "t_user", enum: { schema: "public", name: "user", labels: ["a"] } },
  { token: "t_mixed", enum: { schema: "public", name: "MixedCase", labels: ["a"] } },
  { token: "t_nl", enum: { schema: "My Schema", name: "line\nbreak", labels: ["a"] } },
  { token: "t_plain", enum: { schema: "public", name: "status", labels: ["a"] } },
]);

describe("enumTypeSubstituter", () => {
  it.each([
    ['public."user"', "pg_temp.t_user"],
    ['"public"."user"[]', "pg_temp.t_user[]"],
    ['public."MixedCase"[][]', "pg_temp.t_mixed[][]"],
    ['"My Schema"."line\nbreak"', "pg_temp.t_nl"],
    ["public.status", "pg_temp.t_plain"],
    ["public.other", "public.other"],
    ["text", "text"],
  ])("%j -> %j", (type, expected) => {
    expect(sub(type)).toBe(expected);
  });
});
