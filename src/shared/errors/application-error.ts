// The old path, kept while src/shared/messaging (split on another branch) still imports it; delete once it imports application.errors.js.
export * from './application.errors.js';
