// The old path, kept while src/shared/messaging (split on another branch) still imports it; delete once it imports errors/.
export * from './errors/pg-errors.js';
