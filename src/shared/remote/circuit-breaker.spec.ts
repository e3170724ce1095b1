import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  let now = 0;
  const clock = () => now;
  const states: string[] = [];
  const breaker = () => new CircuitBreaker(3, 1_000, (state) => states.push(state), clock);

  beforeEach(() => {
    now = 0;
    states.length = 0;
  });

  it('stays closed below the failure threshold, and a success resets the count', () => {
    const b = breaker();
    b.failed();
    b.failed();
    b.succeeded();
    b.failed();
    b.failed();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
  });

  it('opens after consecutive failures and refuses calls until the reset time', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    expect(b.allowsRetry()).toBe(false);
    now = 400;
    expect(b.retryAfterMs()).toBe(600);
    expect(b.allow()).toBe(false);
    expect(states).toEqual(['open']);
  });

  it('lets exactly one trial through when half-open, and closes on its success', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    now = 1_000;
    expect(b.allow()).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(false); // the trial is still in flight
    b.succeeded();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens when the trial fails, for another full reset period', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    now = 1_000;
    expect(b.allow()).toBe(true);
    b.failed();
    expect(b.state).toBe('open');
    now = 1_999;
    expect(b.allow()).toBe(false);
    now = 2_000;
    expect(b.allow()).toBe(true);
  });

  it('lets another trial through when the last one never reported back within a reset period', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    now = 1_000;
    expect(b.allow()).toBe(true); // the trial, whose caller then loses it
    now = 1_999;
    expect(b.allow()).toBe(false);
    now = 2_000;
    expect(b.allow()).toBe(true);
    b.succeeded();
    expect(b.state).toBe('closed');
  });
});
