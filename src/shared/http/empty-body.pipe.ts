// The old path, kept while src/shared/messaging (split on another branch) still imports it; delete once it imports body/.
export * from './body/empty-body.pipe.js';
