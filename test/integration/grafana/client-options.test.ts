import { describe, expect, it } from 'vitest';
import { createLegacyApi } from '../../../src/grafana/legacy/create-legacy-api.js';
import { configProblems } from '../../helpers/config-problems.js';

const base = { auth: { kind: 'none' } as const, timeoutMs: 1000, concurrency: 1 };

describe('client options', () => {
  it('names an unreadable CA certificate file and the flag to fix', () => {
    expect(configProblems(() => createLegacyApi({ ...base, url: 'https://grafana.invalid', caCert: '/no/such/ca.pem' }))).toEqual([
      'cannot read the CA certificate file /no/such/ca.pem (ENOENT); check --ca-cert',
    ]);
  });

  it('refuses a URL on the config\'s rule, without echoing it', () => {
    expect(configProblems(() => createLegacyApi({ ...base, url: 'not a url' }))).toEqual([
      'The Grafana URL is not a valid URL: write it as https://<host>[/<sub-path>], e.g. https://grafana.example.com (the value is not shown, as it may hold a token)',
    ]);
    expect(configProblems(() => createLegacyApi({ ...base, url: 'ftp://grafana.example.com/secret' }))).toEqual([
      'The Grafana URL must start with http:// or https://, got ftp://… (the rest is not shown, as it may hold a token)',
    ]);
    expect(configProblems(() => createLegacyApi({ ...base, url: 'https://user:secret@grafana.example.com/grafana/' }))).toEqual([
      'The Grafana URL must not contain credentials (user:password@): set GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD',
    ]);
    expect(configProblems(() => createLegacyApi({ ...base, url: 'https://grafana.example.com/?token=secret' }))).toEqual([
      'The Grafana URL must not have a query string or fragment: https://grafana.example.com/… (the rest is not shown, as it may hold a token); remove the part from "?" or "#" on',
    ]);
  });

  it('keeps a sub-path and drops a trailing slash from the URL it reports', async () => {
    const client = createLegacyApi({ ...base, url: ' https://grafana.example.com/grafana/ ', orgId: 3 });
    expect([client.url, client.orgId]).toEqual(['https://grafana.example.com/grafana', 3]);
    await client.close();
  });
});
