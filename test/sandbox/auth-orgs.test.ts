import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];

describe.each(versions)('auth, orgs and service accounts on Grafana %s', (grafanaVersion) => {
  it('serves /api/health without auth, pretty-printed, with the era’s version', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const response = await apiRequest(s, 'GET', '/api/health', undefined, {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(response.text).toMatch(/^\{\n {2}"commit": "[0-9a-f]{40}",\n {2}"database": "ok",\n {2}"version": "[\d.]+"\n\}$/);
    expect(response.body.version.startsWith(`${grafanaVersion}.`)).toBe(true);
  });

  it('hideVersion ([auth.anonymous] hide_version): /api/health names neither release nor commit, to anyone; frontend settings still name it to a signed-in caller', async () => {
    const s = await startTestSandbox({ grafanaVersion, hideVersion: true });
    for (const headers of [{}, adminHeaders()]) {
      const response = await apiRequest(s, 'GET', '/api/health', undefined, headers);
      expect([response.status, response.text]).toEqual([200, '{\n  "database": "ok"\n}']);
    }
    const settings = await apiRequest(s, 'GET', '/api/frontend/settings', undefined, adminHeaders());
    expect(settings.body.buildInfo).toMatchObject({ hideVersion: false, version: expect.stringMatching(new RegExp(`^${grafanaVersion.replace('.', '\\.')}\\.`)) });
  });

  it('answers 401 with Grafana’s bodies: no credentials, wrong password, invalid token', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const none = await apiRequest(s, 'GET', '/api/search', undefined, {});
    // Observed on 11.x–13: the auth middleware writes the errutil error as a map, `extra` included.
    expect([none.status, none.text]).toEqual([
      401,
      '{"extra":null,"message":"Unauthorized","messageId":"auth.unauthorized","statusCode":401,"traceID":""}',
    ]);
    expect(none.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const wrong = await apiRequest(s, 'GET', '/api/search', undefined, adminHeaders(undefined, 'admin', 'nope'));
    expect([wrong.status, wrong.text]).toEqual([
      401,
      '{"extra":null,"message":"Invalid username or password","messageId":"password-auth.failed","statusCode":401,"traceID":""}',
    ]);
    const token = await apiRequest(s, 'GET', '/api/search', undefined, bearerHeaders('glsa_notatoken_00000000'));
    expect([token.status, token.text]).toEqual([
      401,
      '{"extra":null,"message":"Invalid API key","messageId":"api-key.invalid","statusCode":401,"traceID":""}',
    ]);
    expect(s.requests().every((entry) => entry.orgId === 0 && !JSON.stringify(entry).includes('nope'))).toBe(true);
  });

  it('answers 404 {"message":"Not found"} for an unknown /api route, even without credentials', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const response = await apiRequest(s, 'GET', '/api/no/such/route', undefined, {});
    expect([response.status, response.text]).toEqual([404, '{"message":"Not found"}']);
  });

  it('creates orgs (creator becomes Admin) and isolates their dashboards', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const created = await apiRequest(s, 'POST', '/api/orgs', { name: 'Second' });
    expect([created.status, created.text]).toEqual([200, '{"message":"Organization created","orgId":2}']);
    const taken = await apiRequest(s, 'POST', '/api/orgs', { name: 'Second' });
    expect([taken.status, taken.text]).toEqual([409, '{"message":"Organization name taken","traceID":""}']);
    expect((await apiRequest(s, 'GET', '/api/orgs')).body).toEqual([
      { id: 1, name: 'Main Org.' },
      { id: 2, name: 'Second' },
    ]);
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'only2', title: 'Only in 2' } }, adminHeaders(2));
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/only2', undefined, adminHeaders(2))).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/only2', undefined, adminHeaders(1))).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/only2?targetOrgId=2')).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/search')).body).toEqual([]);
    const org2Search = (await apiRequest(s, 'GET', '/api/search', undefined, adminHeaders(2))).body;
    expect(org2Search.map((hit: any) => [hit.uid, hit.orgId])).toEqual([['only2', 2]]);
  });

  it('signs a user in without a role when X-Grafana-Org-Id names an org they are not in (no 401)', async () => {
    // userimpl GetSignedInUser: no org_user row → OrgID -1, "Org missing", empty role; authn does not fail.
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'in1', title: 'In org 1', tags: ['t'] } });
    const search = await apiRequest(s, 'GET', '/api/search', undefined, adminHeaders(9));
    expect([search.status, search.text]).toEqual([200, '[]']);
    expect(s.requests().at(-1)).toMatchObject({ status: 200, orgId: -1 });
    expect((await apiRequest(s, 'GET', '/api/dashboards/tags', undefined, adminHeaders(9))).text).toBe('[]');
    const read = await apiRequest(s, 'GET', '/api/dashboards/uid/in1', undefined, adminHeaders(9));
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({
      title: 'Access denied',
      message: "You'll need additional permissions to perform this action. Permissions needed: dashboards:read",
    });
    expect(read.body.accessErrorId).toMatch(/^ACE\d{10}$/);
    const write = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'x', title: 'X' } }, adminHeaders(9));
    expect([write.status, write.body.message]).toEqual([
      403,
      "You'll need additional permissions to perform this action. Permissions needed: any of dashboards:create, dashboards:write",
    ]);
    expect((await apiRequest(s, 'GET', '/api/folders', undefined, adminHeaders(9))).status).toBe(403);
    // An org id Go's ParseInt refuses means "no org requested": the user's own org, with its role.
    const sloppy = await apiRequest(s, 'GET', '/api/search', undefined, { ...adminHeaders(), 'x-grafana-org-id': '9abc' });
    expect(sloppy.body.map((hit: any) => hit.uid)).toEqual(['in1']);
    // The profile shows the user's own current org, not the requested one.
    expect((await apiRequest(s, 'GET', '/api/user', undefined, adminHeaders(9))).body).toMatchObject({ login: 'admin', orgId: 1 });
    // What a client can ask to find out it named an org it is not in.
    expect((await apiRequest(s, 'GET', '/api/user/orgs', undefined, adminHeaders(9))).body).toEqual([{ orgId: 1, name: 'Main Org.', role: 'Admin' }]);
  });

  it('issues service account tokens bound to one org with the account’s role', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'CI bot', role: 'Editor' });
    expect(account.status).toBe(201);
    expect(account.body).toMatchObject({ name: 'CI bot', login: 'sa-1-ci-bot', orgId: 1, role: 'Editor', isDisabled: false, tokens: 0 });
    // The service account handlers spell it with a capital B (response.Error(400, "Bad request data", err)).
    const nameless = await apiRequest(s, 'POST', '/api/serviceaccounts', { role: 'Editor' });
    expect([nameless.status, nameless.text]).toEqual([400, '{"message":"Bad request data","traceID":""}']);
    const tokenless = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, {});
    expect([tokenless.status, tokenless.text]).toEqual([400, '{"message":"Bad request data","traceID":""}']);
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
    expect(token.status).toBe(200);
    expect(token.body.key).toMatch(/^glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}$/);
    const headers = bearerHeaders(token.body.key);
    const me = await apiRequest(s, 'GET', '/api/user', undefined, headers);
    expect(me.body).toMatchObject({ login: 'sa-1-ci-bot', orgId: 1, isGrafanaAdmin: false });
    const saved = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ci', title: 'By CI' }, message: 'dashsync: x' }, headers);
    expect(saved.status).toBe(200);
    const meta = (await apiRequest(s, 'GET', '/api/dashboards/uid/ci', undefined, headers)).body.meta;
    // /api names a service account's saves by its name (12+: getIdentityName), or Anonymous (11.2: getUserLogin leaves service accounts out).
    const shownAs = grafanaVersion === '11.2' ? 'Anonymous' : 'CI bot';
    expect([meta.createdBy, meta.updatedBy]).toEqual([shownAs, shownAs]);
    const versions = (await apiRequest(s, 'GET', '/api/dashboards/uid/ci/versions', undefined, headers)).body;
    expect((Array.isArray(versions) ? versions : versions.versions)[0].createdBy).toBe(shownAs);
    const mismatch = await apiRequest(s, 'GET', '/api/search', undefined, bearerHeaders(token.body.key, 2));
    expect([mismatch.status, mismatch.text]).toEqual([
      401,
      '{"extra":null,"message":"API key does not belong to the requested organization","messageId":"api-key.organization-mismatch","statusCode":401,"traceID":""}',
    ]);
    const editorMakesAccount = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'x' }, headers);
    expect(editorMakesAccount.status).toBe(403);
    expect(editorMakesAccount.body.message).toBe(
      "You'll need additional permissions to perform this action. Permissions needed: serviceaccounts:create",
    );
  });

  it('lets a Viewer token read but answers writes with the RBAC 403 body', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'r', title: 'Readable' } });
    const viewer = bearerHeaders(await s.createToken('Viewer'));
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/r', undefined, viewer)).body.meta).toMatchObject({ canSave: false, canEdit: false });
    expect((await apiRequest(s, 'GET', '/api/search', undefined, viewer)).body).toHaveLength(1);
    const write = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'r', title: 'R', version: 1 } }, viewer);
    expect(write.status).toBe(403);
    expect(Object.keys(write.body)).toEqual(['accessErrorId', 'message', 'title']);
    expect(write.body).toMatchObject({
      title: 'Access denied',
      message: "You'll need additional permissions to perform this action. Permissions needed: any of dashboards:create, dashboards:write",
    });
    expect(write.body.accessErrorId).toMatch(/^ACE\d{10}$/);
    const del = await apiRequest(s, 'DELETE', '/api/dashboards/uid/r', undefined, viewer);
    expect([del.status, del.body.message]).toEqual([403, "You'll need additional permissions to perform this action. Permissions needed: dashboards:delete"]);
    const folder = await apiRequest(s, 'POST', '/api/folders', { title: 'F' }, viewer);
    expect(folder.status).toBe(403);
  });

  it('reports the admin as the identity that signs its saves', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const me = await apiRequest(s, 'GET', '/api/user');
    expect(me.body).toMatchObject({ id: 1, login: 'admin', isGrafanaAdmin: true, orgId: 1 });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'm', title: 'Mine' } });
    const versionsBody = (await apiRequest(s, 'GET', '/api/dashboards/uid/m/versions')).body;
    const list = Array.isArray(versionsBody) ? versionsBody : versionsBody.versions;
    expect(list[0].createdBy).toBe(me.body.login);
  });
});
