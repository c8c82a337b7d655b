import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderBackupsWritten } from '../../src/report/render-apply-result.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, editorToken, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

const dashboard = (uid: string) => ({ uid, title: `Dashboard ${uid}`, schemaVersion: 39, panels: [] });

/** Two dashboards applied to a Grafana 11.2 with "Recently deleted" on, then `gone`'s file removed: the next apply prunes it with --delete-mode hard. */
async function prunable(credentialsOn: (sandbox: SandboxHandle) => Promise<Record<string, string>> = async () => ({ GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' })) {
  const sandbox = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: true } });
  const credentials = await credentialsOn(sandbox);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-hard-purge-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const uid of ['kept', 'gone']) await writeFile(join(dir, 'dashboards', `${uid}.json`), `${JSON.stringify(dashboard(uid), null, 2)}\n`);
  const env = { GRAFANA_URL: sandbox.url, ...credentials };
  const settings = await loadSettings({ flags: { root: 'dashboards', prune: 'all', deleteMode: 'hard' }, env, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const events: ApplyEvent[] = [];
  const apply = async () => applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false, onEvent: (event) => events.push(event) });
  expect((await apply()).failures).toEqual([]);
  await rm(join(dir, 'dashboards', 'gone.json'));
  events.length = 0;
  return { sandbox, settings, apply, dir, deletedLine: () => events.filter((event) => event.uid === 'gone' && event.outcome === 'deleted').map((event) => event.message) };
}

/** Whether Grafana's "Recently deleted" holds `gone` (an org Admin's listing; faults off). */
async function inTrash(sandbox: SandboxHandle): Promise<boolean> {
  sandbox.setFaults(undefined);
  const listed = await apiRequest(sandbox, 'GET', '/api/search?deleted=true&dashboardUIDs=gone');
  expect(listed.status).toBe(200);
  return (listed.body as { uid: string }[]).some((hit) => hit.uid === 'gone');
}

const deletes = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method === 'DELETE').map((entry) => entry.path);

// fixe-74 left: such a delete said only that whether it was purged is not known; "Recently deleted" tells.
describe('a --delete-mode hard prune delete that met an error and was found gone, on Grafana 11.2 with "Recently deleted" on', () => {
  it('answered 500 after Grafana moved it to "Recently deleted": the purge never sent, listed there, "not purged" and how to finish', async () => {
    const { sandbox, apply, deletedLine } = await prunable();
    sandbox.setFaults({ methods: ['DELETE'], script: [{ kind: 'status', status: 500, message: 'oops', afterHandling: true }] });

    const result = await apply();

    expect([result.deleted, result.failures, result.unknown]).toEqual([['gone'], [], []]);
    expect(deletedLine()).toEqual([
      'not purged: Grafana keeps it in "Recently deleted" (the delete met an error, and dashsync\'s purge after it was not made): ' +
        'to finish the hard delete, delete it for good on Grafana\'s "Recently deleted" page (an org Admin), or take it back with dashsync restore gone',
    ]);
    // Listed once, for the uid (the plan lists the whole trash for its own warning); the purge was never sent.
    const lists = sandbox.requests().filter((entry) => entry.path.startsWith('/api/search') && entry.path.includes('deleted=true') && entry.path.includes('dashboardUIDs'));
    expect(lists.map((entry) => entry.path)).toEqual([expect.stringMatching(/[?&]dashboardUIDs=gone(&|$)/)]);
    expect(deletes(sandbox)).toEqual(['/api/dashboards/uid/gone']);
    expect(await inTrash(sandbox)).toBe(true);
    // It is in the trash: not a backup whose copy is the only one.
    expect(result.backupOnlyCopy).toBeUndefined();
  });

  it('its purge answered 500 after Grafana did it: not listed there, "purged"', async () => {
    const { sandbox, apply, deletedLine, settings, dir } = await prunable();
    sandbox.setFaults({ pathPrefix: '/api/dashboards/uid/gone/trash', methods: ['DELETE'], script: [{ kind: 'status', status: 500, message: 'oops', afterHandling: true }] });

    const result = await apply();

    expect([result.deleted, result.failures, result.unknown]).toEqual([['gone'], [], []]);
    expect(deletedLine()).toEqual(['purged from "Recently deleted" too']);
    expect(deletes(sandbox)).toEqual(['/api/dashboards/uid/gone', '/api/dashboards/uid/gone/trash']);
    expect(await inTrash(sandbox)).toBe(false);
    expect(renderBackupsWritten(result, { backupDir: settings.backupDir, cwd: dir }, 'cli')).toMatch(/^Backups of what was deleted: 1 file under /);
  });

  it('its purge answered 500 before Grafana did it: listed there, "not purged"', async () => {
    const { sandbox, apply, deletedLine } = await prunable();
    sandbox.setFaults({ pathPrefix: '/api/dashboards/uid/gone/trash', methods: ['DELETE'], script: [{ kind: 'status', status: 500, message: 'oops' }] });

    const result = await apply();

    expect([result.deleted, result.failures, result.unknown]).toEqual([['gone'], [], []]);
    expect(deletedLine()[0]).toMatch(/^not purged: Grafana keeps it in "Recently deleted" /);
    expect(await inTrash(sandbox)).toBe(true);
  });

  it('with credentials that may not list "Recently deleted" (an Editor): whether it was purged is not known, and why', async () => {
    const { sandbox, apply, deletedLine } = await prunable(async (sandbox) => ({ GRAFANA_TOKEN: await editorToken(sandbox) }));
    sandbox.setFaults({ methods: ['DELETE'], script: [{ kind: 'status', status: 500, message: 'oops', afterHandling: true }] });

    const result = await apply();

    expect([result.deleted, result.failures, result.unknown]).toEqual([['gone'], [], []]);
    expect(deletedLine()).toEqual([
      'whether it was purged from "Recently deleted" too is not known (the delete met an error before dashsync\'s purge was confirmed, and "Recently deleted" could not be listed): ' +
        'if it waits there, delete it for good on Grafana\'s "Recently deleted" page',
    ]);
    expect(await inTrash(sandbox)).toBe(true);
  });
});
