export * from './catalog.facade.js';
export * from './product-snapshot.js';
export * from './events/index.js';
