export * from './fastify-adapter.factory.js';
export * from './http-kernel.module.js';
export * from './openapi.js';
export * from './problem-details.js';
