/**
 * A failed health check whose message is fit for anyone to read: `/health` is
 * public, so it says what is wrong in a fixed phrase ("connection refused"),
 * never a raw driver message that names hosts, ports, roles or databases. The
 * raw error rides along as `cause`, for the log.
 */
export class HealthCheckFailed extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'HealthCheckFailed';
  }
}

/** Shown for a check that failed with an error no one described. */
export const UNDESCRIBED_FAILURE = 'check failed (the log has the details)';
