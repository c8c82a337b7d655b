import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { editFile } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// A backup of a dashboard as dashsync had pushed it is saved again as that push, its content note naming the pusher. When
// GET /api/user fails, who restores is not known and the save goes without the note: restore says so once, after the
// restores, as apply does. Before, restore said nothing.

const REDIS = 'dashboards/platform/databases/redis.json';
const WARNING =
  "warning: content notes: GET /api/user failed (HTTP 500), so who these credentials are was not known: 1 save went without the note that names its pusher in Grafana's version history (redis-exporter). " +
  "A plan with these credentials still tells them from a copy of dashsync's message once GET /api/user answers; other credentials of the org cannot";

async function prunedRedis() {
  // Through /apis: a backup records dashsync's push only where a read shows it (`/api` shows neither record nor note).
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' }, 'k8s');
  // Pushed by dashsync with its content note (a create's first version carries Grafana's own message): its backup records the push.
  await editFile(workspace, REDIS, (model) => (model.description = 'changed in git'));
  expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
  await rm(join(workspace.dir, REDIS));
  expect((await workspace.cli(['apply', '--prune', '--auto-approve'])).code).toBe(0);
  // A token is bound to its org; the org id spares the run a lookup that cannot go without GET /api/user.
  const env = { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_ORG_ID: '1' };
  sandbox.setFaults({ pathPrefix: '/api/user', errorRate: 1, errorStatus: 500 });
  return { sandbox, workspace, env };
}

async function newestMessage(sandbox: { url: string }): Promise<string> {
  const versions = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter/versions?limit=1')).body;
  return (Array.isArray(versions) ? versions : versions.versions)[0].message as string;
}

describe('restore of a pushed backup while GET /api/user fails (Grafana 12, /apis on legacy storage)', () => {
  it('text: the warning on stderr after the restored line, naming the save and why', async () => {
    const { sandbox, workspace, env } = await prunedRedis();

    const restored = await workspace.cli(['restore', 'redis-exporter'], env);

    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^restored redis-exporter "Redis" from /);
    expect(restored.stderr.split('\n').filter((line) => line.startsWith('warning: content notes:'))).toEqual([WARNING]);
    expect(await newestMessage(sandbox)).not.toMatch(/\[content sha256:/);
  });

  it('JSON: one warning line with the uids, before the result line', async () => {
    const { workspace, env } = await prunedRedis();

    const restored = await workspace.cli(['restore', '--format', 'json', 'redis-exporter'], env);

    expect(restored.code, restored.stderr).toBe(0);
    const lines = restored.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const warnings = lines.filter((line) => line.type === 'warning');
    expect(warnings).toEqual([{ type: 'warning', uids: ['redis-exporter'], text: WARNING.slice('warning: '.length) }]);
    expect(lines.indexOf(warnings[0])).toBeLessThan(lines.findIndex((line) => line.type === 'result'));
  });
});
