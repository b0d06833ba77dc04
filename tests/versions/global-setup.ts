/**
 * For the version tests: the suite's PostgreSQL 15 cluster, the matrix's exact versions (resolved once for
 * every worker), and the tool built and packed as it is published (`npm pack`), for the throwaway projects
 * to install as users do.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import clusterSetup from "../support/global-setup";
import { selectedPairs } from "./matrix";

const ROOT = path.join(__dirname, "..", "..");

export default async function globalSetup(): Promise<void> {
  await clusterSetup();
  const pairs = selectedPairs();
  process.stdout.write(`\nVersion pairs (TypeORM / TypeScript): ${pairs.map((p) => `${p.typeorm} / ${p.typescript}`).join(", ")}\n`);
  if (process.env.AUTOGEN_TARBALL) return;
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const destination = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-pack-"));
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  process.env.AUTOGEN_TARBALL = path.join(destination, filename);
  process.env.AUTOGEN_PACK_DIR = destination;
}
