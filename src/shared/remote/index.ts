export * from './remote-module.client.js';
export * from './remote-module.providers.js';
export * from './remote-settings.js';
export * from './remote.module.js';
