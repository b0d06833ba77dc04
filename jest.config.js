/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // Other TypeORM and TypeScript versions from the registry: `npm run test:versions` (jest.versions.config.js);
  // the slow matrices: `npm run test:slow` (jest.slow.config.js). CI runs all three.
  testPathIgnorePatterns: ["/node_modules/", "/tests/versions/", ...require("./tests/slow-suites.js")],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json", diagnostics: false }],
  },
  // Jest's runtime, compiling each module once per test file (the in-process CLI reloads ~350 per call).
  runtime: "<rootDir>/tests/support/compiled-module-runtime.js",
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
  testTimeout: 60000,
  maxWorkers: 2,
  moduleNameMapper: { "^pg-autogen$": "<rootDir>/src/index.ts", "^pg-autogen/testing$": "<rootDir>/src/testing.ts" },
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.js"],
};
