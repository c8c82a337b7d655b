import { describe, expect, it } from 'vitest';
import { identityFromProfile } from '../../../src/grafana/own-identity.js';

describe("GET /api/user's answer as authorship reads it", () => {
  it('a user: its login is the one saver name, its uid the string uid', () => {
    expect(identityFromProfile({ id: 3, uid: 'ae3x9', login: 'jane', name: 'Jane' })).toEqual({ login: 'jane', saverNames: ['jane'], uid: 'ae3x9', serviceAccount: false });
  });

  it("a service account (12, 13): its login and its name (shown from 11.5), and the typed internal id's digits as uid", () => {
    expect(identityFromProfile({ id: 0, uid: 'service-account:42', login: 'sa-1-deploy', name: 'deploy' })).toEqual({
      login: 'sa-1-deploy',
      saverNames: ['sa-1-deploy', 'deploy'],
      uid: '42',
      serviceAccount: true,
    });
  });

  it('no login or uid: nothing known', () => {
    expect(identityFromProfile({})).toEqual({ login: null, saverNames: null, uid: null, serviceAccount: false });
  });
});
