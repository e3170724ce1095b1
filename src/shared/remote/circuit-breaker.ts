export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Stops calling a remote module that keeps failing: after `threshold`
 * consecutive failures the breaker opens and calls fail at once; after
 * `resetMs` one trial call is let through (half-open), and its outcome closes
 * or re-opens the breaker. Callers get a fast 503 instead of a hanging request,
 * and the system recovers by itself when the module returns.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private trialStartedAt = 0;
  private stateValue: BreakerState = 'closed';

  constructor(
    private readonly threshold: number,
    private readonly resetMs: number,
    private readonly onChange: (state: BreakerState) => void = () => undefined,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get state(): BreakerState {
    return this.stateValue;
  }

  /** Whether a call may go out now; in half-open state only one trial at a time. */
  allow(): boolean {
    if (this.stateValue === 'closed') return true;
    if (this.stateValue === 'open' && this.now() - this.openedAt >= this.resetMs) this.transition('half-open');
    // A trial whose outcome was never reported (a caller that lost it) must not keep the breaker half-open for good.
    if (this.stateValue === 'half-open' && this.trialInFlight && this.now() - this.trialStartedAt >= this.resetMs) this.trialInFlight = false;
    if (this.stateValue === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      this.trialStartedAt = this.now();
      return true;
    }
    return false;
  }

  succeeded(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.stateValue !== 'closed') this.transition('closed');
  }

  failed(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.stateValue === 'half-open' || this.failures >= this.threshold) {
      this.openedAt = this.now();
      if (this.stateValue !== 'open') this.transition('open');
    }
  }

  /** Retrying only makes sense while the breaker is closed. */
  allowsRetry(): boolean {
    return this.stateValue === 'closed';
  }

  /** Milliseconds until a trial call will be allowed; 0 when calls go through. */
  retryAfterMs(): number {
    return this.stateValue === 'open' ? Math.max(0, this.resetMs - (this.now() - this.openedAt)) : 0;
  }

  private transition(state: BreakerState): void {
    this.stateValue = state;
    this.onChange(state);
  }
}
