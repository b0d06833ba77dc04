#!/usr/bin/env node
"use strict";
// The `autogen` command. Runs the compiled CLI from dist/ (built by `npm install` through the `prepare`
// script); in a checkout without dist/ it compiles the TypeScript sources on the fly.
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const compiled = path.join(root, "dist", "cli", "main.js");
let cli;
if (fs.existsSync(compiled) && !process.env.AUTOGEN_FROM_SOURCE) {
  // Node's own code cache (Node 22.1+) before the modules it serves are loaded; a failure only costs time.
  try {
    require(path.join(root, "dist", "cli", "node-compile-cache.js")).enableNodeCompileCache();
  } catch {
    // Loaded without it.
  }
  cli = require(compiled);
} else {
  // A checkout without dist/ (ts-node is a devDependency); the module loader (src/loader/) takes over from here.
  require("ts-node").register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: {
      module: "commonjs",
      target: "es2022",
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      resolveJsonModule: true,
    },
  });
  cli = require(path.join(root, "src", "cli", "main.ts"));
}
// Output piped into a reader that stops early (`autogen history | head -1`): the pipe closes and the next
// write fails with EPIPE. That is the reader's choice, not an error: end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error && error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
cli.run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${(error && error.stack) || error}\n`);
    process.exitCode = 1;
  },
);
