export * from './shipment-cancelled.v1.js';
export * from './shipment-created.v1.js';
export * from './shipment-delivered.v1.js';
export * from './shipment-dispatched.v1.js';
export * from './shipment-failed.v1.js';
