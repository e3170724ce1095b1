export * from './fastify-adapter.factory.js';
export * from './http-kernel.module.js';
export * from './openapi/openapi.js';
export * from './problems/problem-details.js';
