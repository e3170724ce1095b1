import type { Logger } from 'pino';
import type { ServiceTokenService } from '../auth/service-token.service.js';
import { BadGatewayError, ServiceUnavailableError } from '../errors/application-error.js';
import { HealthCheckFailed } from '../health/health-check-failed.js';
import { socketFailureReason } from '../health/socket-failure-reason.js';
import type { Metrics } from '../observability/metrics.js';
import { requestContext } from '../observability/request-context.js';
import { type BreakerState, CircuitBreaker } from './circuit-breaker.js';
import type { RemoteSettings } from './remote-settings.js';

const HEALTH_TIMEOUT_MS = 1_500;

/** Why a remote module's health could not be asked, in a phrase for the public /health (not its address). */
function unreachableReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${HEALTH_TIMEOUT_MS} ms`;
  return socketFailureReason((error as { cause?: { code?: unknown } } | undefined)?.cause?.code) ?? 'unreachable';
}

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
  /** For a call known to take long (it runs a handler): overrides REMOTE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
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
  /** The path of <MODULE>_URL, if it has one (behind a gateway): not part of what the module sees. */
  private readonly basePath: string;

  constructor(
    readonly module: string,
    readonly baseUrl: string,
    private readonly settings: RemoteSettings,
    private readonly serviceTokens: ServiceTokenService,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
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
    // Anything else (a 2xx body that is not JSON, say) is the remote misbehaving: unavailable, as an outage is.
    if (lastError instanceof RemoteCallRejectedError || lastError instanceof RemoteModuleUnavailableError) throw lastError;
    throw new RemoteModuleUnavailableError(`The ${this.module} module is not answering properly; try again shortly.`);
  }

  /**
   * The remote process's own health, asked with this process's service
   * credentials, so a SERVICE_TOKEN mismatch shows in /health, not first in orders.
   */
  async health(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/internal/health`, {
      headers: { authorization: this.serviceTokens.authorization(this.settings.caller, { method: 'GET', target: '/internal/health' }) },
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    }).catch((error: unknown) => {
      throw new HealthCheckFailed(unreachableReason(error), { cause: error });
    });
    await response.body?.cancel();
    if (response.status === 401) throw new HealthCheckFailed('it refuses our service credentials (SERVICE_TOKEN differs?)');
    if (response.status !== 200) throw new HealthCheckFailed(`its local health is ${response.status}`);
    if (this.breaker.state === 'open') throw new HealthCheckFailed('circuit breaker open');
  }

  /** Headers that tie a call made for a request to that request. */
  propagationHeaders(): Record<string, string> {
    const context = requestContext.current();
    return context ? { 'x-request-id': context.requestId, 'x-correlation-id': context.correlationId } : {};
  }

  /**
   * One HTTP exchange with the remote module through its breaker, timed and
   * counted: the only place that talks to the remote (facade calls and the
   * strangler proxy alike). A breaker that refuses, a time-out, a broken
   * connection or body throws `RemoteModuleUnavailableError`; a 5xx counts as a
   * failure but is returned, for the caller to pass on or turn into an error.
   */
  async exchange(operation: string, request: Request, timeoutMs: number): Promise<{ response: Response; payload: Buffer }> {
    if (!this.breaker.allow()) {
      this.metrics.remoteCallErrors.inc({ module: this.module, reason: 'breaker-open' });
      this.metrics.remoteCallDuration.observe({ module: this.module, operation, outcome: 'breaker-open' }, 0);
      throw new RemoteModuleUnavailableError(`The ${this.module} module is unavailable (circuit open); try again shortly.`, this.breaker.retryAfterMs() / 1000);
    }
    // From here on every path reports to the breaker: this may be the half-open trial.
    const started = performance.now();
    const observe = (outcome: string) => this.metrics.remoteCallDuration.observe({ module: this.module, operation, outcome }, (performance.now() - started) / 1000);
    let response: Response;
    let payload: Buffer;
    try {
      response = await fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
      // Inside the try: a body that stalls or breaks off is the remote failing too.
      payload = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      this.fail(operation, reason, error);
      observe(reason);
      throw new RemoteModuleUnavailableError(`The ${this.module} module is not answering; try again shortly.`);
    }
    if (response.status >= 500) {
      this.fail(operation, 'status', new Error(`HTTP ${response.status}`));
      observe('error');
    } else {
      // The remote answered: it is up, even if it refused this particular request.
      this.breaker.succeeded();
      observe(response.status >= 400 ? 'rejected' : 'ok');
    }
    return { response, payload };
  }

  private async once<T>(call: RemoteCall): Promise<T> {
    const url = new URL(`${this.baseUrl}${call.path}`);
    const request = new Request(url, {
      method: call.method,
      headers: {
        // Signed for this call's method and target as the module receives it: the URL as fetch writes it, less any
        // path of <MODULE>_URL itself (a gateway in front of the module strips that before passing the call on).
        authorization: this.serviceTokens.authorization(this.settings.caller, { method: call.method, target: `${url.pathname.slice(this.basePath.length)}${url.search}` }),
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.propagationHeaders(),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const { response, payload } = await this.exchange(call.operation, request, call.timeoutMs ?? this.settings.timeoutMs);
    if (response.status >= 500) throw new RemoteModuleUnavailableError(`The ${this.module} module answered ${response.status}; try again shortly.`);
    const text = payload.toString('utf8');
    if (response.status >= 400) {
      this.metrics.remoteCallErrors.inc({ module: this.module, reason: response.status === 401 ? 'unauthorized' : 'status' });
      this.logger.error({ module: this.module, operation: call.operation, status: response.status, body: text.slice(0, 500) }, `${this.module} refused a service call`);
      throw new RemoteCallRejectedError(this.module, response.status, text);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private fail(operation: string, reason: string, error: unknown): void {
    this.breaker.failed();
    this.metrics.remoteCallErrors.inc({ module: this.module, reason });
    this.logger.warn({ module: this.module, operation, reason, err: error }, `call to ${this.module} failed`);
  }
}
