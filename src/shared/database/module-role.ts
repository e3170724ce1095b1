// The old path, kept while src/shared/messaging (split on another branch) still imports it; delete once it imports module-database/.
export * from './module-database/module-role.js';
