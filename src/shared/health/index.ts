export * from './health-check-failed.js';
export * from './health-registry.js';
export * from './health.module.js';
