export * from './declared-handlers.js';
export * from './module-class.js';
export * from './module-definition.js';
export * from './tessera-module.js';
