import { createTestDatabase } from "./support/test-db";

describe("test cluster", () => {
  it("is a PostgreSQL 15 server with a fresh database per test", async () => {
    const db = await createTestDatabase();
    try {
      const [row] = await db.query<{ v: string }>("SHOW server_version_num");
      expect(Number((row as any).server_version_num)).toBeGreaterThanOrEqual(150000);
      expect(Number((row as any).server_version_num)).toBeLessThan(160000);
    } finally {
      await db.drop();
    }
  });
});
