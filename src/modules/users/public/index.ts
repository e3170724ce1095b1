export * from './user-summary.js';
export * from './users.facade.js';
