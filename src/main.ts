import { loadTracingConfig } from './shared/config/load-config.js';
import { APP_VERSION } from './shared/http/openapi/app-version.js';
import { startTracing } from './shared/observability/tracing/start-tracing.js';

// Tracing starts before the application is loaded: its instrumentations patch http and pg as they are first required.
const tracing = await startTracing(loadTracingConfig(process.env), APP_VERSION);
const { serve } = await import('./serve.js');
await serve(tracing);
