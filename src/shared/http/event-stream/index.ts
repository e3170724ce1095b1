export * from './event-stream.js';
export * from './event-stream.module.js';
export * from './event-streams.js';
export * from './last-event-id.js';
