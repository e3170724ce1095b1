export * from './module-runtime.module.js';
