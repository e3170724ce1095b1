export * from './module-data.module.js';
