export * from './user-summary.js';
export * from './users.facade.js';
export * from './events/index.js';
