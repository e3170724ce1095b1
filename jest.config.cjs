/**
 * Jest runs the TypeScript sources as native ES modules (NestJS 12 is ESM-only):
 * `node --experimental-vm-modules`, @swc/jest for speed. A few CommonJS packages
 * in node_modules `require()` ESM-only dependencies, which Jest's loader cannot
 * do on Node 20; those dependencies are transpiled to CommonJS.
 */
const swc = (moduleType) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: moduleType },
    sourceMaps: 'inline',
  },
];
const ESM_REQUIRED_FROM_CJS = ['content-disposition', 'cookie'];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': swc('es6'),
    [`node_modules/(${ESM_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: swc('commonjs'),
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_REQUIRED_FROM_CJS.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 2,
  verbose: false,
};
