import { describe, expect, it } from 'vitest';
import { ConfigError, hostPort, readConfig } from './config.js';

describe('readConfig', () => {
  it('gives the dev stack by default and the test stack its own ports and database', () => {
    const dev = readConfig({});
    const test = readConfig({ BIZOSAAS_PROFILE: 'test' });
    expect(dev.DATABASE_URL).toContain('/bizosaas');
    expect(test.DATABASE_URL).toContain('/bizosaas_test');
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'TEMPORAL_ADDRESS', 'VAULT_ADDR'] as const) {
      expect(hostPort(dev[key]).port).not.toBe(hostPort(test[key]).port);
      expect(hostPort(dev[key]).host).toBe('127.0.0.1');
    }
    expect(test.BIZOSAAS_DATA_DIR).toBe('.data/test');
  });

  it('takes production settings from the environment, coercing numbers', () => {
    const config = readConfig({
      DATABASE_URL: 'postgresql://app:pw@db.internal:5432/bizosaas',
      SERVER_PORT: '8080',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
    });
    expect(config.DATABASE_URL).toBe('postgresql://app:pw@db.internal:5432/bizosaas');
    expect(config.SERVER_PORT).toBe(8080);
    expect(config.TEMPORAL_ADDRESS).toBe('temporal.internal:7233');
  });

  it('treats an empty variable as unset', () => {
    expect(readConfig({ SERVER_PORT: '' }).SERVER_PORT).toBe(3000);
  });

  it('names every bad variable at once and never echoes a value', () => {
    const attempt = () =>
      readConfig({
        REDIS_URL: 'secret-value',
        SERVER_PORT: '99999',
        PAYLOAD_ENCRYPTION_KEY: 'short-secret',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('REDIS_URL: must be a URL starting with redis:// or rediss://');
      expect(message).toContain('SERVER_PORT');
      expect(message).toContain('PAYLOAD_ENCRYPTION_KEY: must be 32 bytes in base64');
      expect(message).not.toMatch(/secret-value|short-secret/);
    }
  });

  it('takes stand-ins for a connector authorization server only with both its URLs', () => {
    const urls = {
      authorizeUrl: 'http://127.0.0.1:3002/auth',
      tokenUrl: 'http://127.0.0.1:3002/token',
    };
    expect(
      readConfig({ CONNECTOR_OAUTH_URLS: JSON.stringify({ google_analytics: urls }) })
        .CONNECTOR_OAUTH_URLS,
    ).toEqual({ google_analytics: urls });
    expect(readConfig({}).CONNECTOR_OAUTH_URLS).toEqual({});
    expect(() =>
      readConfig({
        CONNECTOR_OAUTH_URLS: JSON.stringify({ google_analytics: { tokenUrl: urls.tokenUrl } }),
      }),
    ).toThrow('CONNECTOR_OAUTH_URLS');
    expect(() =>
      readConfig({
        CONNECTOR_OAUTH_URLS: JSON.stringify({
          google_analytics: { ...urls, tokenUrl: 'ftp://x' },
        }),
      }),
    ).toThrow('must be a URL starting with http:// or https://');
  });

  it('refuses an unknown profile', () => {
    expect(() => readConfig({ BIZOSAAS_PROFILE: 'prod' })).toThrow(
      'BIZOSAAS_PROFILE must be one of dev, test',
    );
  });
});
