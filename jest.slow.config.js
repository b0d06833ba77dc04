/**
 * The slow matrices (tests/slow-suites.js): `npm run test:slow`, which `.ci/run` runs after `npm test`.
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");
const slow = require("./tests/slow-suites.js");

module.exports = {
  ...base,
  testMatch: slow.map((file) => `<rootDir>${file}`),
  testPathIgnorePatterns: ["/node_modules/"],
};
