export * from './health-check-failed.error.js';
export * from './health-registry.js';
export * from './health.module.js';
