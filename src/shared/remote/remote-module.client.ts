import type { Logger } from 'pino';
import type { ServiceTokenService } from '../auth/service-token.service.js';
import { BadGatewayError, ServiceUnavailableError } from '../errors/application-error.js';
import type { Metrics } from '../observability/metrics.js';
import { requestContext } from '../observability/request-context.js';
import { type BreakerState, CircuitBreaker } from './circuit-breaker.js';
import type { RemoteSettings } from './remote-settings.js';

const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export class RemoteModuleUnavailableError extends ServiceUnavailableError {
  override readonly code = 'remote-module-unavailable';
}

export interface RemoteCall {
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** Only idempotent calls are retried; a POST that changes state never is. */
  readonly idempotent: boolean;
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

/**
 * Calls one module hosted by another process: a service token on every call,
 * the request and correlation ids passed on, a timeout, retries for idempotent
 * calls, and a circuit breaker shared with the public-route proxy. An outage
 * surfaces as `RemoteModuleUnavailableError` (a 503 problem) within the timeout.
 */
export class RemoteModuleClient {
  readonly breaker: CircuitBreaker;

  constructor(
    readonly module: string,
    readonly baseUrl: string,
    private readonly settings: RemoteSettings,
    private readonly serviceTokens: ServiceTokenService,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.breaker = new CircuitBreaker(settings.breakerFailureThreshold, settings.breakerResetMs, (state) => {
      metrics.breakerState.set({ module }, BREAKER_STATE_VALUE[state]);
      logger.warn({ module, state }, `circuit breaker for ${module} is ${state}`);
    });
    metrics.breakerState.set({ module }, 0);
  }

  async call<T>(call: RemoteCall): Promise<T> {
    const attempts = call.idempotent ? this.settings.retries + 1 : 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await this.once<T>(call);
      } catch (error) {
        lastError = error;
        if (error instanceof RemoteCallRejectedError || !this.breaker.allowsRetry()) break;
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      }
    }
    if (lastError instanceof RemoteCallRejectedError) throw lastError;
    throw new RemoteModuleUnavailableError(`The ${this.module} module is not answering; try again shortly.`);
  }

  /**
   * The remote process's own health, asked with this process's service
   * credentials, so a SERVICE_TOKEN mismatch shows in /health, not first in orders.
   */
  async health(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/internal/health`, {
      headers: { authorization: this.serviceTokens.authorization(this.settings.caller) },
      signal: AbortSignal.timeout(1_500),
    });
    if (response.status === 401) throw new Error('it refuses our service credentials (SERVICE_TOKEN differs?)');
    if (response.status !== 200) throw new Error(`its local health is ${response.status}`);
    if (this.breaker.state === 'open') throw new Error('circuit breaker open');
  }

  /** Headers that tie a call made for a request to that request. */
  propagationHeaders(): Record<string, string> {
    const context = requestContext.current();
    return context ? { 'x-request-id': context.requestId, 'x-correlation-id': context.correlationId } : {};
  }

  private async once<T>(call: RemoteCall): Promise<T> {
    if (!this.breaker.allow()) {
      this.metrics.remoteCallErrors.inc({ module: this.module, reason: 'breaker-open' });
      throw new RemoteModuleUnavailableError(`The ${this.module} module is unavailable (circuit open).`);
    }
    const started = performance.now();
    const observe = (outcome: string) => this.metrics.remoteCallDuration.observe({ module: this.module, operation: call.operation, outcome }, (performance.now() - started) / 1000);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${call.path}`, {
        method: call.method,
        headers: {
          authorization: this.serviceTokens.authorization(this.settings.caller),
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...this.propagationHeaders(),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      // Inside the try: a body that stalls or breaks off is the remote failing too, and must report the breaker's trial.
      text = await response.text();
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      this.fail(call, reason, error);
      observe(reason);
      throw error;
    }
    if (response.status >= 500) {
      this.fail(call, 'status', new Error(`HTTP ${response.status}`));
      observe('error');
      throw new Error(`${this.module} answered ${response.status}`);
    }
    // The remote answered: it is up, even if it refused this particular call.
    this.breaker.succeeded();
    if (response.status >= 400) {
      observe('rejected');
      this.metrics.remoteCallErrors.inc({ module: this.module, reason: response.status === 401 ? 'unauthorized' : 'status' });
      this.logger.error({ module: this.module, operation: call.operation, status: response.status, body: text.slice(0, 500) }, `${this.module} refused a service call`);
      throw new RemoteCallRejectedError(this.module, response.status, text);
    }
    observe('ok');
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private fail(call: RemoteCall, reason: string, error: unknown): void {
    this.breaker.failed();
    this.metrics.remoteCallErrors.inc({ module: this.module, reason });
    this.logger.warn({ module: this.module, operation: call.operation, reason, err: error }, `call to ${this.module} failed`);
  }
}
