/** The example project's entities and history in a temporary project, for the shadow mode tests. */
import fs from "node:fs";
import path from "node:path";
import { tempProject } from "../cli/cli-support";

const ROOT = path.resolve(__dirname, "..", "..");

/** A project with the example's entities and history, plus `extra` migration files. */
export function exampleProject(extra: Record<string, string> = {}, config: Record<string, unknown> = {}): string {
  const files: Record<string, string> = {
    "autogen.config.json": JSON.stringify({ entities: ["fixtures/memstack/*.entity.ts"], migrations: "migrations", ...config }),
    ...extra,
  };
  for (const folder of ["migrations", "fixtures/memstack"]) {
    for (const file of fs.readdirSync(path.join(ROOT, folder))) {
      files[`${folder}/${file}`] = fs.readFileSync(path.join(ROOT, folder, file), "utf8");
    }
  }
  return tempProject(files);
}
