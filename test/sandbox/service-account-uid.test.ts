import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

// A service account is a row of Grafana's user table, whose uid util.GenerateShortUID() makes: a letter first since
// 10.0, so never all digits, as the internal id GET /api/user answers for it is. dashsync tells the two apart by that
// (an all-digit id is the internal one): the sandbox's 14 hex characters were all digits once in ~720 accounts, and a
// test of a service account's content note or drift then failed at random (flaky-51).
describe('a new service account’s uid', () => {
  it('begins with a letter, as GenerateShortUID’s do, unlike the internal numeric id GET /api/user answers for it', async () => {
    const s = await startTestSandbox();
    const uids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const created = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: `ci-${i}`, role: 'Viewer' });
      expect(created.status, created.text).toBe(201);
      uids.push(created.body.uid);
    }
    expect(uids.filter((uid) => !/^[a-f][a-z0-9]{12}[a-f]$/.test(uid))).toEqual([]);
    expect(new Set(uids).size).toBe(uids.length);

    const account = (await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'ci-last', role: 'Viewer' })).body;
    const token = (await apiRequest(s, 'POST', `/api/serviceaccounts/${account.id}/tokens`, { name: 't' })).body.key;
    const me = (await apiRequest(s, 'GET', '/api/user', undefined, bearerHeaders(token))).body;
    expect(me.uid).toBe(`service-account:${account.id}`);
    expect(me.uid).not.toContain(account.uid);
  });
});
