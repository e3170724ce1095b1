export * from './access-token.service.js';
export * from './auth.module.js';
export * from './current-principal.decorator.js';
export * from './principal.js';
export * from './public.decorator.js';
export * from './role.js';
export * from './roles.decorator.js';
