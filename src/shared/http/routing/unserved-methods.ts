import { NotImplementedError } from '../../errors/application.errors.js';

/**
 * Methods Tessera serves on no resource: TRACE and TRACK would echo requests
 * (cross-site tracing), CONNECT opens tunnels, and `fetch` can send none of
 * them, so the strangler proxy could not forward them either. Every process
 * answers them 501 alike, whether the path is its own or proxied.
 */
export const UNSERVED_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The one answer to an unserved method, wherever it arrives. */
export function unservedMethodError(method: string): NotImplementedError {
  return new NotImplementedError(`${method} is not served here, on any resource.`);
}
