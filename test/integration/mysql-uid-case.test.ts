import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Grafana over MySQL compares uids without case (utf8mb4_unicode_ci): a tree's `abc` and Grafana's `ABC` are one
// dashboard there. Before the fix: on /api the plan read `abc`, got `ABC`, planned "update abc" and "delete ABC", and
// apply overwrote ABC then reported a conflict on its delete; on /apis it planned "create abc" and "delete ABC", the
// create was refused (reported as someone else's change) and ABC was deleted.

const cases: { grafanaVersion: GrafanaVersion; api: string }[] = [
  { grafanaVersion: '11.2', api: 'legacy' },
  { grafanaVersion: '12', api: 'legacy' },
  { grafanaVersion: '12', api: 'auto' },
  { grafanaVersion: '13', api: 'auto' },
  { grafanaVersion: '13', api: 'k8s' },
];

const LINE =
  'dashboards/abc.json: error: uid "abc" differs only in case from the dashboard "ABC" in Grafana, which compares uids without case when it runs on MySQL: ' +
  'there a save of "abc" would overwrite "ABC" (or be refused), and a prune of "ABC" would delete it; ' +
  'give the file the uid "ABC", or rename or delete "ABC" in Grafana (uid-case-twin-in-grafana)';

async function tree(files: Record<string, object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-uid-case-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const [name, model] of Object.entries(files)) await writeFile(join(dir, 'dashboards', `${name}.json`), `${JSON.stringify(model, null, 2)}\n`);
  return dir;
}

const run = (s: SandboxHandle, cwd: string, args: string[]) =>
  runCliInProcess(args, { cwd, env: { GRAFANA_URL: s.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const writes = (s: SandboxHandle) => s.requests().filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path}`);
const live = async (s: SandboxHandle) => ((await apiRequest(s, 'GET', '/api/search?type=dash-db')).body as { uid: string; title: string }[]).map((h) => `${h.uid} ${h.title}`).sort();

describe.each(cases)('a file uid that Grafana $grafanaVersion (api $api) holds in another case', ({ grafanaVersion, api }) => {
  it('over MySQL: plan and apply --prune stop with one line naming both uids; nothing is written and ABC is kept as it was', async () => {
    const s = await startTestSandbox({ grafanaVersion, database: 'mysql' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ABC', title: 'Upper', schemaVersion: 42 }, folderUid: '' });
    const dir = await tree({ abc: { uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] } });
    const before = writes(s).length;

    for (const args of [['plan', '--api', api, '--prune', 'all'], ['apply', '--api', api, '--prune', 'all']]) {
      const result = await run(s, dir, args);
      expect(result.stderr.split('\n').filter((line) => line.includes('abc'))).toEqual([LINE]);
      expect(result.code).toBe(1);
    }
    expect(writes(s).slice(before)).toEqual([]);
    expect(await live(s)).toEqual(['ABC Upper']);
  });

  it('on SQLite, where both can exist, a live abc is the file\'s dashboard and ABC is pruned as any other', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const [uid, title] of [['ABC', 'Upper'], ['abc', 'Old']]) {
      await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title, schemaVersion: 42 }, folderUid: '' });
    }
    const dir = await tree({ abc: { uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] } });
    const result = await run(s, dir, ['apply', '--api', api, '--prune', 'all']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await live(s)).toEqual(['abc Lower']);
  });

  it('on SQLite, a uid renamed in case only (ABC live, abc in the tree) is a create of abc and a prune of ABC, not refused', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ABC', title: 'Upper', schemaVersion: 42 }, folderUid: '' });
    const dir = await tree({ abc: { uid: 'abc', title: 'Lower', schemaVersion: 42, panels: [] } });
    const result = await run(s, dir, ['apply', '--api', api, '--prune', 'all']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(await live(s)).toEqual(['abc Lower']);
  });
});
