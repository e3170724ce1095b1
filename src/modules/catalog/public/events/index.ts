export * from './product-created.v1.js';
export * from './product-price-changed.v1.js';
export * from './stock-released.v1.js';
export * from './stock-reservation-failed.v1.js';
export * from './stock-reserved.v1.js';
