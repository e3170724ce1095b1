export * from './database-runtime.js';
export * from './database-server.js';
export * from './embedded-database.js';
export * from './module-database.definition.js';
export * from './module-database.module.js';
export * from './module-role.js';
export * from './open-module-database.js';
export * from './pg-errors.js';
