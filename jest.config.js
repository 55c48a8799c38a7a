// Test tiers by file name: *.unit.test.ts need no server; *.int.test.ts and *.e2e.test.ts run on the
// real local stack, which the tier's global setup brings up once per run (or reuses).
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const common = {
  testEnvironment: 'node',
  // hyparquet and hyparquet-writer ship only ES modules (.js); swc turns them into CommonJS for jest.
  transform: { '^.+\\.ts$': swc, '/node_modules/hyparquet(-writer)?/.+\\.js$': swc },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|hyparquet-writer)/)'],
  setupFiles: ['<rootDir>/libs/testkit/src/jest-env.ts'],
  moduleNameMapper: {
    '^@lakestream/(schemas|testkit|kafka|runtime|storage|iceberg|lake|stack)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^@lakestream/deploy$': '<rootDir>/deploy/src/index.ts',
  },
};
const onStack = {
  globalSetup: '<rootDir>/libs/testkit/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testkit/src/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/libs/testkit/src/jest-on-stack.ts'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.test.ts'] },
    {
      ...common,
      ...onStack,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
    },
    {
      ...common,
      ...onStack,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.test.ts'],
    },
  ],
};
