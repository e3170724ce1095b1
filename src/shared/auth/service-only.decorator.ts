import { SetMetadata } from '@nestjs/common';

export const SERVICE_ONLY = 'tessera:service-only';

/**
 * A service endpoint: callable by other processes of the deployment with a
 * service token only; user tokens are refused (401). Such routes live under
 * `/internal/` and are never proxied.
 */
export const ServiceOnly = () => SetMetadata(SERVICE_ONLY, true);
