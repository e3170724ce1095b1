import { problemsOf } from '../../../../test/support/config-problems.js';
import { loadConfig } from '../load-config.js';

describe('loadConfig: HTTP and security settings', () => {
  it("reads TRUST_PROXY as hops or addresses, and refuses true, which would believe any client's X-Forwarded-For", () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback,10.0.0.0/8' }).http.trustProxy).toBe('loopback,10.0.0.0/8');
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(problemsOf({ TRUST_PROXY: 'true' })[0]).toMatch(/^TRUST_PROXY must be false, a number of proxy hops/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, fd00::/8,uniquelocal' }).http.trustProxy).toBe(
      '10.0.0.1,fd00::/8,uniquelocal',
    );
  });

  it.each(['TRUE', 'yes', 'garbage', '-1', '1.5', '10.0.0.0/33', '10.0.0.1/8/8', 'loopback,', '999'])(
    'refuses TRUST_PROXY=%s with one line naming it',
    (value) => {
      expect(problemsOf({ TRUST_PROXY: value })).toEqual([
        expect.stringMatching(/^TRUST_PROXY must be false, a number of proxy hops/),
      ]);
    },
  );

  it('reads CORS_ORIGINS as origins the way a browser sends them, or *', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).http.corsOrigins).toBe('*');
    expect(
      loadConfig({
        CORS_ORIGINS:
          'HTTPS://Shop.Example.com/, http://localhost:5173,https://shop.example.com:443,http://[::1]:8080,http://127.0.0.1:3001',
      }).http.corsOrigins,
    ).toEqual(['https://shop.example.com', 'http://localhost:5173', 'http://[::1]:8080', 'http://127.0.0.1:3001']);
  });

  it.each([
    'shop.example.com',
    'https://shop.example.com/app',
    'https://shop.example.com?x=1',
    'ftp://shop.example.com',
    'https://u:p@shop.example.com',
    'https://a.example.com,*',
    'https://a.example.com,',
    'https://*.example.com',
    'https://%2A.example.com',
    'https://a.com\tb',
    'https://exa$mple.com',
    'https://a.com:0',
    'https://a..com',
  ])('refuses CORS_ORIGINS=%s with one line naming it', (value) => {
    expect(problemsOf({ CORS_ORIGINS: value })).toEqual([
      expect.stringMatching(/^CORS_ORIGINS must be a comma-separated list of origins .* \(got ".*"\)$/),
    ]);
  });

  it('reads METRICS_TOKEN, refusing one too short to be a secret', () => {
    expect(loadConfig({ METRICS_TOKEN: 'scrape-secret-0123' }).metrics.token).toBe('scrape-secret-0123');
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 characters when set']);
  });
});
