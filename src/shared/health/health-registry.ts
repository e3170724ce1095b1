import type { FastifyReply } from 'fastify';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../observability/logger.module.js';
import { HealthCheckFailed, UNDESCRIBED_FAILURE } from './health-check-failed.error.js';

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  /** What is wrong, in a fixed phrase fit for a public page (see `HealthCheckFailed`). */
  readonly error?: string;
}

export type HealthCheck = () => Promise<void>;

/** `local`: this process's own dependencies; `remote`: modules in other processes (checked through their `/internal/health`, with the service credential). */
export type HealthScope = 'local' | 'remote';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Where every dependency a process relies on (each module's database, later
 * remote modules and the broker) registers a check; `/health` runs them all.
 *
 * `/health` is public and unauthenticated, so the registry guards both what it
 * says and what it costs: a failure shows only its `HealthCheckFailed` phrase
 * (the raw error goes to the log, once each time a dependency goes down or its
 * reason changes, and recovery is logged too), and callers arriving while a run
 * is in flight share it instead of starting their own round of checks.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, { check: HealthCheck; scope: HealthScope }>();
  private readonly inFlight = new Map<'all' | 'local', Promise<Record<string, DependencyStatus>>>();
  /** The last reason logged per dependency that is down. */
  private readonly downReasons = new Map<string, string>();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  register(name: string, check: HealthCheck, scope: HealthScope = 'local'): void {
    this.checks.set(name, { check, scope });
  }

  /**
   * Runs the checks; `local` leaves out remote modules, so two processes that
   * reach each other never check each other's health in a loop.
   */
  run(scope: 'all' | 'local' = 'all'): Promise<Record<string, DependencyStatus>> {
    const running = this.inFlight.get(scope);
    if (running) return running;
    const run = this.runChecks(scope).finally(() => this.inFlight.delete(scope));
    this.inFlight.set(scope, run);
    return run;
  }

  private async runChecks(scope: 'all' | 'local'): Promise<Record<string, DependencyStatus>> {
    const selected = [...this.checks].filter(([, entry]) => scope === 'all' || entry.scope === 'local');
    const entries = await Promise.all(
      selected.map(async ([name, entry]) => {
        const outcome = await runOne(entry.check);
        this.noteTransition(name, outcome);
        return [name, outcome.status] as const;
      }),
    );
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }

  private noteTransition(name: string, { status, cause }: CheckOutcome): void {
    const before = this.downReasons.get(name);
    if (status.status === 'up') {
      if (before !== undefined) this.logger.info({ dependency: name }, `health: ${name} is up again`);
      this.downReasons.delete(name);
      return;
    }
    if (before === status.error) return;
    this.downReasons.set(name, status.error!);
    this.logger.warn(
      { dependency: name, reason: status.error, err: cause },
      `health: ${name} is down (${status.error})`,
    );
  }
}

interface CheckOutcome {
  readonly status: DependencyStatus;
  /** The raw error of a failed check, for the log only. */
  readonly cause?: unknown;
}

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly dependencies: Record<string, DependencyStatus>;
}

/** The body of a health response, and whether it is a 200 or a 503. */
async function healthReport(registry: HealthRegistry, scope: 'all' | 'local'): Promise<HealthReport> {
  const dependencies = await registry.run(scope);
  const up = Object.values(dependencies).every((dependency) => dependency.status === 'up');
  return { status: up ? 'ok' : 'unavailable', dependencies };
}

/** Answers a health check: the report, 200 or 503 by its status, never cached. */
export async function replyWithHealth(
  registry: HealthRegistry,
  scope: 'all' | 'local',
  reply: FastifyReply,
): Promise<HealthReport> {
  const report = await healthReport(registry, scope);
  reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
  return report;
}

async function runOne(check: HealthCheck): Promise<CheckOutcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new HealthCheckFailed(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: { status: 'up', latencyMs: elapsed(started) } };
  } catch (error) {
    const reason = error instanceof HealthCheckFailed ? error.message : UNDESCRIBED_FAILURE;
    return {
      status: { status: 'down', latencyMs: elapsed(started), error: reason },
      cause: error instanceof HealthCheckFailed && error.cause !== undefined ? error.cause : error,
    };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
