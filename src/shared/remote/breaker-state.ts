import { CircuitState } from 'cockatiel';

/** A breaker's state as /health and the metrics name it (cockatiel's isolated counts as open). */
export type BreakerState = 'closed' | 'half-open' | 'open';
export const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
