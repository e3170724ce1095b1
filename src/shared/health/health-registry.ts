import type { FastifyReply } from 'fastify';
import { Injectable } from '@nestjs/common';

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export type HealthCheck = () => Promise<void>;

/** `local`: this process's own dependencies; `remote`: modules in other processes (checked through their `/internal/health`, with the service credential). */
export type HealthScope = 'local' | 'remote';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Where every dependency a process relies on (each module's database, later
 * remote modules and the broker) registers a check; `/health` runs them all.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, { check: HealthCheck; scope: HealthScope }>();

  register(name: string, check: HealthCheck, scope: HealthScope = 'local'): void {
    this.checks.set(name, { check, scope });
  }

  /**
   * Runs the checks; `local` leaves out remote modules, so two processes that
   * reach each other never check each other's health in a loop.
   */
  async run(scope: 'all' | 'local' = 'all'): Promise<Record<string, DependencyStatus>> {
    const selected = [...this.checks].filter(([, entry]) => scope === 'all' || entry.scope === 'local');
    const entries = await Promise.all(selected.map(async ([name, entry]) => [name, await runOne(entry.check)] as const));
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }
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
export async function replyWithHealth(registry: HealthRegistry, scope: 'all' | 'local', reply: FastifyReply): Promise<HealthReport> {
  const report = await healthReport(registry, scope);
  reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
  return report;
}

async function runOne(check: HealthCheck): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: elapsed(started) };
  } catch (error) {
    return { status: 'down', latencyMs: elapsed(started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
