// Copies the non-TypeScript files the compiled code reads at run time (catalog queries) into dist/.
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const from = path.join(root, "src", "introspect", "sql");
const to = path.join(root, "dist", "introspect", "sql");
if (fs.existsSync(from)) {
  fs.mkdirSync(to, { recursive: true });
  for (const file of fs.readdirSync(from)) fs.copyFileSync(path.join(from, file), path.join(to, file));
}
