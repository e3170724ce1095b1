import type { Logger } from 'pino';
import { HealthCheckFailed, UNDESCRIBED_FAILURE } from './health-check-failed.error.js';
import { HealthRegistry } from './health-registry.js';

function recordingLogger() {
  const lines: { level: 'info' | 'warn'; fields: Record<string, unknown>; message: string }[] = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'warn', fields, message }),
  } as unknown as Logger;
  return { logger, lines };
}

describe('HealthRegistry', () => {
  it('shows a described failure by its phrase and an undescribed one without its message', async () => {
    const { logger } = recordingLogger();
    const registry = new HealthRegistry(logger);
    registry.register('database:catalog', () =>
      Promise.reject(
        new HealthCheckFailed('connection refused', { cause: new Error('connect ECONNREFUSED 10.0.0.7:5432') }),
      ),
    );
    registry.register('broker', () =>
      Promise.reject(new Error('password authentication failed for user "tessera_catalog" at db.internal:5432')),
    );
    registry.register('database:orders', () => Promise.resolve());

    const report = await registry.run();

    expect(report['database:catalog']).toEqual({
      status: 'down',
      latencyMs: expect.any(Number),
      error: 'connection refused',
    });
    expect(report['broker']).toEqual({ status: 'down', latencyMs: expect.any(Number), error: UNDESCRIBED_FAILURE });
    expect(report['database:orders']).toEqual({ status: 'up', latencyMs: expect.any(Number) });
    expect(JSON.stringify(report)).not.toMatch(/10\.0\.0\.7|tessera_catalog|db\.internal/);
  });

  it('logs the raw error when a dependency goes down or its reason changes, and once more when it is back', async () => {
    const { logger, lines } = recordingLogger();
    const registry = new HealthRegistry(logger);
    const raw = new Error('connect ECONNREFUSED 10.0.0.7:5432');
    let failure: Error | undefined = new HealthCheckFailed('connection refused', { cause: raw });
    registry.register('database:catalog', () => (failure ? Promise.reject(failure) : Promise.resolve()));

    await registry.run();
    await registry.run(); // still down for the same reason: nothing new to say
    failure = new HealthCheckFailed('authentication refused');
    await registry.run();
    failure = undefined;
    await registry.run();
    await registry.run();

    expect(lines.map(({ level, message }) => [level, message])).toEqual([
      ['warn', 'health: database:catalog is down (connection refused)'],
      ['warn', 'health: database:catalog is down (authentication refused)'],
      ['info', 'health: database:catalog is up again'],
    ]);
    expect(lines[0].fields).toMatchObject({ dependency: 'database:catalog', reason: 'connection refused', err: raw });
  });

  it('lets callers that arrive while a run is in flight share it, and runs afresh after it ends', async () => {
    const { logger } = recordingLogger();
    const registry = new HealthRegistry(logger);
    let calls = 0;
    let release!: () => void;
    registry.register('database:catalog', () => {
      calls += 1;
      return new Promise<void>((resolve) => (release = resolve));
    });

    const first = registry.run();
    const second = registry.run();
    await Promise.resolve();
    release();
    expect(await second).toEqual(await first);
    expect(calls).toBe(1);

    const third = registry.run();
    await Promise.resolve();
    release();
    await third;
    expect(calls).toBe(2);
  });

  it('keeps remote modules out of a local run', async () => {
    const { logger } = recordingLogger();
    const registry = new HealthRegistry(logger);
    registry.register('database:catalog', () => Promise.resolve());
    registry.register('module:users', () => Promise.resolve(), 'remote');

    expect(Object.keys(await registry.run('local'))).toEqual(['database:catalog']);
    expect(Object.keys(await registry.run('all'))).toEqual(['database:catalog', 'module:users']);
  });
});
