/**
 * The version tests (tests/versions): the tool installed from `npm pack` into throwaway projects with other
 * TypeORM and TypeScript versions from the npm registry. `npm run test:versions`; `AUTOGEN_MATRIX` picks the
 * pairs (see tests/versions/matrix.ts).
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  testMatch: ["**/tests/versions/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  globalSetup: "<rootDir>/tests/versions/global-setup.ts",
  globalTeardown: "<rootDir>/tests/versions/global-teardown.ts",
  testTimeout: 600000,
};
