import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];

// pkg/services/serviceaccounts/api/api.go UpdateServiceAccount, manager/service.go, database/store.go
describe.each(versions)('PATCH /api/serviceaccounts/:id on Grafana %s', (grafanaVersion) => {
  it('answers its errors in Grafana’s order and shapes: id, body, role, then the account', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const account = (await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'ci', role: 'Viewer' })).body;
    const answer = async (id: string, body: unknown) => {
      const response = await apiRequest(s, 'PATCH', `/api/serviceaccounts/${id}`, body);
      return [response.status, response.body];
    };
    expect(await answer('ci', { name: 'x' })).toEqual([400, { message: 'Service Account ID is invalid', traceID: '' }]);
    expect(await answer(String(account.id), { name: 7 })).toEqual([400, { message: 'Bad request data', traceID: '' }]);
    const invalidRole = { message: 'invalid role specified', messageId: 'serviceaccounts.ErrInvalidRoleSpecified', statusCode: 400, traceID: '' };
    // the role is checked before the account is looked up
    expect(await answer('999', { role: 'Owner' })).toEqual([400, invalidRole]);
    expect(await answer(String(account.id), { role: 'Owner' })).toEqual([400, invalidRole]);
    expect(await answer('0', { name: 'x' })).toEqual([
      400,
      { message: 'invalid service account id specified', messageId: 'serviceaccounts.ErrInvalidId', statusCode: 400, traceID: '' },
    ]);
    expect(await answer('999', { name: 'x' })).toEqual([
      404,
      { message: 'service account not found', messageId: 'serviceaccounts.ErrNotFound', statusCode: 404, traceID: '' },
    ]);
  });

  it('renames to a name another account has (names are not unique), and disables an account’s tokens', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'taken', role: 'Viewer' });
    const other = (await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'other', role: 'Viewer' })).body;
    const token = (await apiRequest(s, 'POST', `/api/serviceaccounts/${other.id}/tokens`, { name: 't' })).body.key;
    const renamed = await apiRequest(s, 'PATCH', `/api/serviceaccounts/${other.id}`, { name: 'taken', role: 'Editor' });
    expect([renamed.status, renamed.body.name, renamed.body.serviceaccount.role, renamed.body.serviceaccount.login]).toEqual([
      200,
      'taken',
      'Editor',
      'sa-1-other',
    ]);
    expect((await apiRequest(s, 'GET', '/api/user', undefined, bearerHeaders(token))).status).toBe(200);
    expect((await apiRequest(s, 'PATCH', `/api/serviceaccounts/${other.id}`, { isDisabled: true })).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/user', undefined, bearerHeaders(token))).status).toBe(401);
  });
});
