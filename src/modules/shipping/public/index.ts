export * from './shipping.facade.js';
export * from './shipment-summary.js';
export * from './events/index.js';
