/** Jest runs the server specs, the integration tests (real HTTP, real databases) and the browser tests. */
const swc = [
  "@swc/jest",
  {
    jsc: {
      target: "es2022",
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: "commonjs" },
  },
];

module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx?$": swc },
  testMatch: [
    "<rootDir>/server/src/**/*.spec.ts",
    "<rootDir>/test/integration/**/*.test.ts",
    "<rootDir>/test/e2e/**/*.spec.ts",
  ],
  testTimeout: 120000,
  maxWorkers: 2,
  setupFiles: ["reflect-metadata"],
};
