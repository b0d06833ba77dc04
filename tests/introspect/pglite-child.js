// Runs PGlite in a plain Node process for the tests: jest's VM cannot load PGlite, whose Emscripten
// module uses a dynamic import() that jest refuses without --experimental-vm-modules.
// Protocol (IPC): { id, op: "query", sql, params } | { id, op: "exec", sql } | { id, op: "close" };
// answers { id, rows } or { id, error: { message, code } }.
"use strict";
const { PGlite } = require("@electric-sql/pglite");

const ready = PGlite.create();

process.on("message", async (message) => {
  const { id, op } = message;
  try {
    const db = await ready;
    if (op === "query") {
      const result = await db.query(message.sql, message.params);
      process.send({ id, rows: result.rows });
    } else if (op === "exec") {
      await db.exec(message.sql);
      process.send({ id, rows: [] });
    } else if (op === "close") {
      await db.close();
      process.send({ id, rows: [] }, () => process.exit(0));
    } else {
      throw new Error(`unknown op ${op}`);
    }
  } catch (error) {
    process.send({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
process.on("disconnect", () => process.exit(0));
ready.then(
  () => process.send({ id: 0, rows: [] }),
  (error) => process.send({ id: 0, error: { message: String(error && error.message) } }),
);
