export * from './logger.js';
export * from './logger.module.js';
export * from './nest-logger.adapter.js';
export * from './request-context.js';
export * from './metrics.js';
export * from './metrics.module.js';
