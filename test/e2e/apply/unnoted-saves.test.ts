import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { editFile, exampleWorkspace, useApi } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// A push's content note names its pusher in Grafana's version history (`/apis`: its uid; `/api`: its name in the version
// list): how any credentials of the org tell dashsync's push from a save carrying a copy of its message. When GET /api/user
// fails, who pushes is not known, so a save goes without it: apply says so once, naming the saves and why. Before, nothing
// was said. Through /apis only the first save goes without (its answer shows the uid, which the others then name).

const FILES = ['dashboards/platform-overview.json', 'dashboards/platform/databases/redis.json'];
const UIDS = ['platform-overview', 'redis-exporter']; // in the order the warning names them (sorted)
const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('warning: content notes:'));

async function messageOf(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, uid: string): Promise<string> {
  const versions = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}/versions?limit=1`)).body;
  return (Array.isArray(versions) ? versions : versions.versions)[0].message as string;
}

describe.each([
  { api: 'legacy', unnoted: 2 },
  { api: 'k8s', unnoted: 1 },
] as const)('GET /api/user failing during an apply (Grafana 12, api $api)', ({ api, unnoted }) => {
  it('says once which saves went without their content note, and why', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    // A token is bound to its org; the org id spares /apis the namespace lookup, which cannot go without GET /api/user.
    const env = { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_ORG_ID: '1' };
    expect((await workspace.cli(['apply'], env)).code).toBe(0);
    for (const file of FILES) await editFile(workspace, file, (model) => (model.description = 'changed in git'));
    sandbox.setFaults({ pathPrefix: '/api/user', errorRate: 1, errorStatus: 500 });

    const applied = await workspace.cli(['apply'], env);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 2 updated');
    const unnotedUids: string[] = [];
    for (const uid of UIDS) if (!/\[content sha256:[0-9a-f]+ (by|as) [^\]]+\]$/.test(await messageOf(sandbox, uid))) unnotedUids.push(uid);
    expect(unnotedUids).toHaveLength(unnoted);
    const saves = unnoted === 1 ? '1 save went' : `${unnoted} saves went`;
    expect(warnings(applied.stderr)).toEqual([
      `warning: content notes: GET /api/user failed (HTTP 500), so who these credentials are was not known: ${saves} without the note that names its pusher in Grafana's version history (${unnotedUids.join(', ')}). ` +
        "A plan with these credentials still tells them from a copy of dashsync's message once GET /api/user answers; other credentials of the org cannot",
    ]);
  });
});

describe('GET /api/user answering during an apply', () => {
  it('says nothing of content notes: every save carries its note', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    for (const file of FILES) await editFile(workspace, file, (model) => (model.description = 'changed in git'));

    const applied = await workspace.cli(['apply']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(warnings(applied.stderr)).toEqual([]);
  });
});
