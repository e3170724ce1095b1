import { TesseraProcess } from '../support/tessera-process.js';

/** Configuration is validated once, at boot: a bad variable stops the process with one line naming it. */
describe('configuration errors at start-up', () => {
  const base = { DATABASE_URL: undefined, TESSERA_DATA_DIR: '/dev/null/never-created', LOG_LEVEL: 'warn' };

  it.each([
    [
      'PORT',
      { PORT: 'abc' },
      /^tessera: invalid configuration: PORT must be an integer from 0 to 65535 \(got "abc"\)$/,
    ],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'mysql://localhost/db' },
      /^tessera: invalid configuration: DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//,
    ],
    [
      'DB_MIGRATE_ON_START',
      { DB_MIGRATE_ON_START: 'sometimes' },
      /^tessera: invalid configuration: DB_MIGRATE_ON_START must be "true" or "false" \(got "sometimes"\)$/,
    ],
    [
      'JWT_SECRET in production',
      { NODE_ENV: 'production', JWT_SECRET: 'short' },
      /^tessera: invalid configuration: JWT_SECRET must be set to at least 32 characters when NODE_ENV=production$/,
    ],
  ])('%s: exits 78 with one line naming the variable', async (_, env, line) => {
    const result = await TesseraProcess.start('main', { ...base, ...env }).exit();
    expect(result.code).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(result.stdout).not.toContain('Tessera is running');
  });

  it('reports every bad variable at once, one line each', async () => {
    const result = await TesseraProcess.start('main', { ...base, PORT: '-1', LOG_LEVEL: 'loud' }).exit();
    expect(result.code).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((line) => line.includes('PORT must be'))).toBe(true);
    expect(lines.some((line) => line.includes('LOG_LEVEL must be one of'))).toBe(true);
  });

  it("leaves variables that name no module alone (a platform's REDIS_URL, SENTRY_URL), reporting only real problems", async () => {
    const result = await TesseraProcess.start('main', {
      ...base,
      REDIS_URL: 'redis://cache:6379',
      SENTRY_URL: 'sentry://x',
      PORT: 'abc',
    }).exit();
    expect(result.code).toBe(78);
    expect(result.stderr.trim().split('\n')).toEqual([
      'tessera: invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")',
    ]);
  });
});
