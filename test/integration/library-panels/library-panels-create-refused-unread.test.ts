import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { libraryWorkspace } from './library-tree.js';

// fixe-73 left: a library panel create refused because Grafana holds the uid where these credentials cannot read it got
// a bare failure ("POST /api/library-elements failed: HTTP 400: …"), saying nothing of why or what to do.
describe.each(['11.2', '13'] as const)('a library panel create refused for a uid held in a folder the token cannot see, on Grafana %s', (grafanaVersion) => {
  it('is a conflict that says Grafana refused it and no panel with the uid can be read, with what to do; no pull, no --force', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'secret', title: 'Secret' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/secret/permissions', { items: [] })).status).toBe(200);
    const made = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'lp-cpu', name: 'Admins only', kind: 1, folderUid: 'secret', model: { type: 'stat', title: 'x' } });
    expect(made.status).toBe(200);
    const token = await sandbox.createToken('Editor');
    const ws = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/_library/cpu.json': { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU' } },
    });

    const applied = await ws.cli(['apply', '--auto-approve'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });

    expect([applied.code, applied.stdout.split('\n').at(-2)]).toEqual([1, 'Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict']);
    expect(applied.stderr).toBe(
      'conflict: library panel lp-cpu "CPU usage" (dashboards/_library/cpu.json): Grafana refused the create as a conflict (HTTP 400: library element with that name or UID already exists), ' +
        'yet no library panel with this uid can be read with these credentials (in a folder they cannot see?); not created. An org Admin can see where lp-cpu is and move or remove it; else give the file another uid\n',
    );
    // The Admins' panel is as it was.
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result.name).toBe('Admins only');
  });
});
