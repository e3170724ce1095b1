// The old path, kept while src/shared/messaging (split on another branch) still imports it; delete once it imports health-check-failed.error.js.
export * from './health-check-failed.error.js';
