export * from './application.errors.js';
