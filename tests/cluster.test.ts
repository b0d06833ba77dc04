import { createTestDatabase } from "./support/test-db";

/** The major the run is meant for: 15, or the one `npm run test:pg -- <major>` started. */
const EXPECTED_MAJOR = Number(process.env.AUTOGEN_TEST_PG_MAJOR ?? 15);

describe("test cluster", () => {
  it(`is a PostgreSQL ${EXPECTED_MAJOR} server with a fresh database per test`, async () => {
    const db = await createTestDatabase();
    try {
      const [row] = await db.query<{ v: string }>("SHOW server_version_num");
      expect(Math.floor(Number((row as any).server_version_num) / 10000)).toBe(EXPECTED_MAJOR);
    } finally {
      await db.drop();
    }
  });
});
