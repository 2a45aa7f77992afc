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

// The server's e-mail templates are .tsx (React Email): the same options, with JSX (automatic runtime).
const swcTsx = [
  "@swc/jest",
  {
    ...swc[1],
    jsc: { ...swc[1].jsc, parser: { ...swc[1].jsc.parser, tsx: true }, transform: { ...swc[1].jsc.transform, react: { runtime: "automatic" } } },
  },
];

module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx$": swcTsx, "^.+\\.ts$": swc },
  testMatch: [
    "<rootDir>/server/src/**/*.spec.ts",
    "<rootDir>/test/integration/**/*.test.ts",
    "<rootDir>/test/e2e/**/*.spec.ts",
  ],
  testTimeout: 120000,
  maxWorkers: 2,
  setupFiles: ["reflect-metadata"],
};
