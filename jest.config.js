/**
 * Jest runs the TypeScript sources through ts-jest (CommonJS). p-limit 7 and its
 * dependency yocto-queue ship only as ES modules; Node 22 can require() them
 * natively, but Jest's own module loader cannot, so Jest transforms just those
 * two packages to CommonJS. Production code loads the untouched ES modules.
 */
const esmOnlyPackages = ['p-limit', 'yocto-queue'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/globalSetup.ts',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    [`node_modules/(${esmOnlyPackages.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } },
    ],
  },
  // The Functions host injects @azure/functions-core; outside it, our registry plays that part.
  moduleNameMapper: { '^@azure/functions-core$': '<rootDir>/src/runner/functionsCore.ts' },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
};
