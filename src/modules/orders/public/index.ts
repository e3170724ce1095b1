export * from './order-summary.js';
export * from './orders.facade.js';
export * from './events/index.js';
