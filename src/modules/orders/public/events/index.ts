export * from './order-cancelled.v1.js';
export * from './order-confirmed.v1.js';
export * from './order-placed.v1.js';
export * from './order-rejected.v1.js';
