"use strict";
// Preloaded with `node -r` (see tests/cli/lazy-loading.test.ts, bench/cli-startup.ts): records every module
// that code under MODULE_RECORDER_ROOT loads, directly or through the modules it loads, and writes the
// list (one absolute path a line) to MODULE_RECORDER_OUT when the process exits. Modules loaded by anything
// else (ts-node compiling the sources on the fly, its TypeScript) are not counted unless the recorded code
// requires them too: every require() goes through Module._load, cached or not.
const fs = require("node:fs");
const Module = require("node:module");

const root = process.env.MODULE_RECORDER_ROOT;
const out = process.env.MODULE_RECORDER_OUT;
if (root && out) {
  const reached = new Set();
  const original = Module._load;
  Module._load = function load(request, parent, isMain) {
    // Counted before it runs, so that what it loads in turn is counted too.
    const from = parent && parent.filename;
    if (from && (reached.has(from) || from.startsWith(root))) {
      let file;
      try {
        file = Module._resolveFilename(request, parent, isMain);
      } catch {
        file = request;
      }
      reached.add(file);
    }
    return original.apply(this, arguments);
  };
  process.on("exit", () => {
    fs.writeFileSync(out, [...reached].sort().join("\n") + "\n");
  });
}
