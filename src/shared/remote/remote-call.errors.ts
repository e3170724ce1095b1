import { BadGatewayError, ServiceUnavailableError } from '../errors/application.errors.js';
import type { RemoteAnswer } from './remote-answer.js';

/** A remote 5xx: a failure for the breaker, yet an answer the proxy passes on. */
export class RemoteServerError extends Error {
  constructor(readonly answer: RemoteAnswer) {
    super(`HTTP ${answer.response.status}`);
  }
}

/** A time-out or a broken connection or body: the remote failed, and there is no answer. */
export class RemoteExchangeFailed extends Error {}

export class RemoteModuleUnavailableError extends ServiceUnavailableError {
  override readonly code = 'remote-module-unavailable';
}

/**
 * The remote module answered but refused the call (4xx): not an outage but a
 * deployment fault — most often processes given different SERVICE_TOKENs.
 * The caller sees a 502; the details go to the log, not to the client.
 */
export class RemoteCallRejectedError extends BadGatewayError {
  override readonly code = 'remote-module-refused';

  constructor(
    readonly module: string,
    readonly remoteStatus: number,
    readonly remoteBody: string,
  ) {
    super(
      remoteStatus === 401
        ? `The ${module} module refused this process's service credentials; every process of a deployment needs the same SERVICE_TOKEN.`
        : `The ${module} module refused a call from this process (HTTP ${remoteStatus}).`,
    );
  }
}
