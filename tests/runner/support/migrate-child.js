/**
 * A migration run in a process of its own, as a deployed service would start one: loads the runner
 * transpiled by build-runner.ts, loads the migration directory, prints "ready", waits for a line on
 * stdin (so that the parent can start several at the same moment), migrates to the target and prints
 * the result as JSON. Exit code 0 when every migration applied, 1 otherwise.
 *
 * argv: <build dir> <database url> <migrations dir> <target>
 */
"use strict";
const path = require("node:path");
const [build, url, dir, target] = process.argv.slice(2);
const { connectPostgres } = require(path.join(build, "src/db/postgres"));
const { loadScriptDirectory } = require(path.join(build, "src/revision/script-directory"));
const { migrate } = require(path.join(build, "src/runner/runner"));

async function main() {
  const { graph, modules } = await loadScriptDirectory(dir, async (file) => require(file));
  const db = await connectPostgres(url, { applicationName: `runner-child-${process.pid}` });
  process.stdout.write("ready\n");
  if (process.env.AUTOGEN_CHILD_WAIT_FOR_GO === "1") await waitForLine();
  try {
    const result = await migrate(db, { graph, modules, direction: "up", target });
    process.stdout.write(
      JSON.stringify({
        results: result.results.map((r) => ({ revision: r.revision, status: r.status })),
        heads: result.heads,
        error: result.error ? result.error.message : null,
      }) + "\n",
    );
    process.exitCode = result.error ? 1 : 0;
  } finally {
    await db.close();
  }
}

function waitForLine() {
  return new Promise((resolve) => {
    process.stdin.setEncoding("utf8");
    process.stdin.once("data", () => {
      process.stdin.destroy();
      resolve();
    });
  });
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 2;
});
