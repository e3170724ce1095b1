import { problemsOf } from '../../../test/support/config-problems.js';
import { loadConfig } from './load-config.js';

const LONG_SECRET = 'x'.repeat(32);

/** Rules that tie variables together, and what production demands on top. */
describe('loadConfig: rules across variables', () => {
  describe('in production', () => {
    it('requires JWT_SECRET', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
        'JWT_SECRET must be set to at least 32 characters when NODE_ENV=production',
      ]);
    });

    it('refuses a JWT_SECRET of 31 characters and accepts 32', () => {
      expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toEqual([
        'JWT_SECRET must be set to at least 32 characters when NODE_ENV=production',
      ]);
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: LONG_SECRET }).auth.jwtSecret).toBe(LONG_SECRET);
    });

    it('listens on all interfaces by default', () => {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: LONG_SECRET }).http.host).toBe('0.0.0.0');
    });

    it('still honours an explicit HOST', () => {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: LONG_SECRET, HOST: '127.0.0.1' }).http.host).toBe(
        '127.0.0.1',
      );
    });
  });

  it('listens on loopback only by default outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).http.host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).http.host).toBe('127.0.0.1');
  });

  it('outside production, allows no JWT_SECRET but refuses one shorter than 16 characters', () => {
    expect(loadConfig({}).auth.jwtSecret).toBeUndefined();
    expect(problemsOf({ JWT_SECRET: 'x'.repeat(15) })).toEqual(['JWT_SECRET must be at least 16 characters when set']);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(16) }).auth.jwtSecret).toBe('x'.repeat(16));
  });

  it('refuses ADMIN_EMAIL without ADMIN_PASSWORD', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'root@example.com' })).toEqual([
      'ADMIN_PASSWORD must be set together with the other of ADMIN_EMAIL and ADMIN_PASSWORD',
    ]);
  });

  it('refuses ADMIN_PASSWORD without ADMIN_EMAIL', () => {
    expect(problemsOf({ ADMIN_PASSWORD: 'longenough' })).toEqual([
      'ADMIN_EMAIL must be set together with the other of ADMIN_EMAIL and ADMIN_PASSWORD',
    ]);
  });

  it('refuses an ADMIN_PASSWORD shorter than 8 characters', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'short' })).toEqual([
      'ADMIN_PASSWORD must be at least 8 characters',
    ]);
  });

  it('combines cross-variable rules with malformed values', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ADMIN_EMAIL: 'root@example.com', PORT: 'abc' });
    expect(problems).toHaveLength(3);
    expect(problems.map((line) => line.split(' ')[0])).toEqual(
      expect.arrayContaining(['JWT_SECRET', 'ADMIN_PASSWORD', 'PORT']),
    );
  });
});
