export * from './module-runtime.module.js';
export * from './module-status.js';
export * from './module-status.registry.js';
export * from './module-status.module.js';
