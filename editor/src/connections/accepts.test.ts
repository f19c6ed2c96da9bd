import { describe, expect, it } from 'vitest';
import { nodeAcceptsConnection } from './accepts';

describe('the connection picker', () => {
  it('offers a connector node its own connections only', () => {
    expect(nodeAcceptsConnection('slack', 'slack')).toBe(true);
    expect(nodeAcceptsConnection('slack', 'hubspot')).toBe(false);
  });

  it('offers a unified node every connection of a connector of its category', () => {
    expect(nodeAcceptsConnection('category:crm', 'hubspot')).toBe(true);
    expect(nodeAcceptsConnection('category:crm', 'zoho_crm')).toBe(true);
    expect(nodeAcceptsConnection('category:crm', 'slack')).toBe(false);
    expect(nodeAcceptsConnection('category:messaging', 'http_auth')).toBe(false);
  });
});
