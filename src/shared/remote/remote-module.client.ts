import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import type { ServiceTokenService } from '../auth/service-token.service.js';
import { HealthCheckFailed } from '../health/health-check-failed.error.js';
import { socketFailureReason } from '../health/socket-failure-reason.js';
import type { Metrics } from '../observability/metrics.js';
import { requestContext } from '../observability/request-context.js';
import { BREAKER_STATE_VALUE, BREAKER_STATES, type BreakerState } from './breaker-state.js';
import type { RemoteAnswer } from './remote-answer.js';
import type { RemoteCall } from './remote-call.js';
import {
  RemoteCallRejectedError,
  RemoteExchangeFailed,
  RemoteModuleUnavailableError,
  RemoteServerError,
} from './remote-call.errors.js';
import type { RemoteSettings } from './remote-settings.js';

export { type BreakerState, type RemoteCall, RemoteCallRejectedError, RemoteModuleUnavailableError };

const HEALTH_TIMEOUT_MS = 1_500;

/** Why a remote module's health could not be asked, in a phrase for the public /health (not its address). */
function unreachableReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${HEALTH_TIMEOUT_MS} ms`;
  return socketFailureReason((error as { cause?: { code?: unknown } } | undefined)?.cause?.code) ?? 'unreachable';
}

/** First retry of an idempotent call after this long, doubling for the next. */
const RETRY_DELAY_MS = 25;

/**
 * Calls one module hosted by another process: a service token on every call,
 * the request and correlation ids passed on, a timeout, retries for idempotent
 * calls, and a circuit breaker shared with the public-route proxy (cockatiel's
 * retry and consecutive-failure breaker). An outage surfaces as
 * `RemoteModuleUnavailableError` (a 503 problem) within the timeout.
 */
export class RemoteModuleClient {
  private readonly breaker: CircuitBreakerPolicy;
  /** Retries an idempotent call the remote failed, while the breaker is closed (never a rejected call: that is not an outage). */
  private readonly retries: RetryPolicy;
  /** When the breaker last opened: cockatiel does not say when it will let a trial through, Retry-After needs it. */
  private openedAt = 0;
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
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof RemoteServerError || error instanceof RemoteExchangeFailed),
      { halfOpenAfter: settings.breakerResetMs, breaker: new ConsecutiveBreaker(settings.breakerFailureThreshold) },
    );
    this.breaker.onBreak(() => (this.openedAt = Date.now()));
    this.breaker.onStateChange((state) => {
      metrics.breakerState.set({ module }, BREAKER_STATE_VALUE[BREAKER_STATES[state]]);
      logger.warn(
        { module, state: BREAKER_STATES[state] },
        `circuit breaker for ${module} is ${BREAKER_STATES[state]}`,
      );
    });
    this.retries = retry(
      handleWhen(
        (error) => error instanceof RemoteModuleUnavailableError && this.breaker.state === CircuitState.Closed,
      ),
      {
        maxAttempts: settings.retries,
        backoff: new ExponentialBackoff({ initialDelay: RETRY_DELAY_MS, maxDelay: RETRY_DELAY_MS * 8 }),
      },
    );
    metrics.breakerState.set({ module }, 0);
  }

  get breakerState(): BreakerState {
    return BREAKER_STATES[this.breaker.state];
  }

  async call<T>(call: RemoteCall): Promise<T> {
    try {
      return await (call.idempotent ? this.retries.execute(() => this.once<T>(call)) : this.once<T>(call));
    } catch (error) {
      // Anything else (a 2xx body that is not JSON, say) is the remote misbehaving: unavailable, as an outage is.
      if (error instanceof RemoteCallRejectedError || error instanceof RemoteModuleUnavailableError) throw error;
      throw new RemoteModuleUnavailableError(
        `The ${this.module} module is not answering properly; try again shortly.`,
        undefined,
        { cause: error },
      );
    }
  }

  /**
   * The remote process's own health, asked with this process's service
   * credentials, so a SERVICE_TOKEN mismatch shows in /health, not first in orders.
   */
  async health(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/internal/health`, {
      headers: {
        authorization: this.serviceTokens.authorization(this.settings.caller, {
          method: 'GET',
          target: '/internal/health',
        }),
      },
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    }).catch((error: unknown) => {
      throw new HealthCheckFailed(unreachableReason(error), { cause: error });
    });
    await response.body?.cancel();
    if (response.status === 401)
      throw new HealthCheckFailed('it refuses our service credentials (SERVICE_TOKEN differs?)');
    if (response.status !== 200) throw new HealthCheckFailed(`its local health is ${response.status}`);
    if (this.breakerState === 'open') throw new HealthCheckFailed('circuit breaker open');
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
   * An event stream (`text/event-stream`) is not read: its answer is the open
   * `stream`, timed only until its headers came, and `abort` ends it.
   */
  async exchange(operation: string, request: Request, timeoutMs: number): Promise<RemoteAnswer> {
    const started = performance.now();
    const observe = (outcome: string) =>
      this.metrics.remoteCallDuration.observe(
        { module: this.module, operation, outcome },
        (performance.now() - started) / 1000,
      );
    try {
      const answer = await this.breaker.execute(async () => {
        let answer: RemoteAnswer;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
        try {
          const response = await fetch(request, { signal: controller.signal });
          const abort = () => controller.abort();
          if (response.ok && response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
            answer = { response, payload: Buffer.alloc(0), stream: response.body, abort };
          } else {
            // Inside the try: a body that stalls or breaks off is the remote failing too.
            answer = { response, payload: Buffer.from(await response.arrayBuffer()), abort };
          }
          clearTimeout(timer);
        } catch (error) {
          clearTimeout(timer);
          const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
          this.failed(operation, reason, error);
          observe(reason);
          throw new RemoteExchangeFailed(reason, { cause: error });
        }
        if (answer.response.status >= 500) throw new RemoteServerError(answer);
        // The remote answered: it is up, even if it refused this particular request.
        observe(answer.response.status >= 400 ? 'rejected' : 'ok');
        return answer;
      });
      return answer;
    } catch (error) {
      if (error instanceof RemoteServerError) {
        this.failed(operation, 'status', error);
        observe('error');
        return error.answer;
      }
      if (error instanceof BrokenCircuitError) {
        this.metrics.remoteCallErrors.inc({ module: this.module, reason: 'breaker-open' });
        observe('breaker-open');
        const retryAfterMs = Math.max(0, this.settings.breakerResetMs - (Date.now() - this.openedAt));
        throw new RemoteModuleUnavailableError(
          `The ${this.module} module is unavailable (circuit open); try again shortly.`,
          retryAfterMs / 1000,
          { cause: error },
        );
      }
      throw new RemoteModuleUnavailableError(
        `The ${this.module} module is not answering; try again shortly.`,
        undefined,
        { cause: error },
      );
    }
  }

  private async once<T>(call: RemoteCall): Promise<T> {
    const url = new URL(`${this.baseUrl}${call.path}`);
    const request = new Request(url, {
      method: call.method,
      headers: {
        // Signed for this call's method and target as the module receives it: the URL as fetch writes it, less any
        // path of <MODULE>_URL itself (a gateway in front of the module strips that before passing the call on).
        authorization: this.serviceTokens.authorization(this.settings.caller, {
          method: call.method,
          target: `${url.pathname.slice(this.basePath.length)}${url.search}`,
        }),
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.propagationHeaders(),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const { response, payload } = await this.exchange(
      call.operation,
      request,
      call.timeoutMs ?? this.settings.timeoutMs,
    );
    if (response.status >= 500)
      throw new RemoteModuleUnavailableError(
        `The ${this.module} module answered ${response.status}; try again shortly.`,
      );
    const text = payload.toString('utf8');
    if (response.status >= 400) {
      this.metrics.remoteCallErrors.inc({
        module: this.module,
        reason: response.status === 401 ? 'unauthorized' : 'status',
      });
      this.logger.error(
        { module: this.module, operation: call.operation, status: response.status, body: text.slice(0, 500) },
        `${this.module} refused a service call`,
      );
      throw new RemoteCallRejectedError(this.module, response.status, text);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private failed(operation: string, reason: string, error: unknown): void {
    this.metrics.remoteCallErrors.inc({ module: this.module, reason });
    this.logger.warn({ module: this.module, operation, reason, err: error }, `call to ${this.module} failed`);
  }
}
