export * from './app-config.js';
export * from './config.error.js';
export * from './config.module.js';
export * from './load-config.js';
export {
  CONFIGURATION_VARIABLES,
  MIN_SERVICE_TOKEN_LENGTH,
  MODULE_VARIABLE_FAMILIES,
} from './environment/environment.schema.js';
