import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { applySucceeded } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanJson } from '../../src/report/render-plan-json.js';
import { renderPlanMarkdown } from '../../src/report/render-plan-markdown.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import type { SandboxOptions } from '../../src/sandbox/index.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Two notes a plan owes before a merge: a create Grafana 11's "Recently deleted" will refuse (its uid is taken there),
// and credentials that may write no dashboard at all (a Viewer's token), which apply would only meet as 403s.

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

type Role = 'Viewer' | 'Editor' | 'Admin';

async function serviceAccountToken(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, role: Role): Promise<{ id: number; key: string }> {
  const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: `ci ${role}`, role }, adminHeaders());
  const token = await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders());
  return { id: account.body.id, key: token.body.key };
}

/** A tree with folder `team` holding dashboard `cpu`, planned with these credentials (admin/admin when none). */
async function planTree(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, token?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-access-notes-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards/team'), { recursive: true });
  await writeFile(join(dir, 'dashboards/team/_folder.json'), JSON.stringify({ uid: 'team', title: 'Team' }));
  await writeFile(join(dir, 'dashboards/team/cpu.json'), JSON.stringify({ uid: 'cpu', title: 'CPU', schemaVersion: 39, panels: [] }));
  const auth = token === undefined ? { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } : { GRAFANA_TOKEN: token };
  const settings = await loadSettings({ flags: { root: 'dashboards' }, env: { GRAFANA_URL: sandbox.url, ...auth }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { settings, grafana, plan: await createPlan({ settings, grafana, git: GIT }) };
}

async function seed(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, dashboards: { uid: string; title: string }[]): Promise<void> {
  await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' }, adminHeaders());
  for (const dashboard of dashboards) {
    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...dashboard, schemaVersion: 39, panels: [] }, folderUid: 'team' }, adminHeaders());
  }
}

const trashListings = (sandbox: Awaited<ReturnType<typeof startTestSandbox>>) => sandbox.requests().filter((entry) => entry.path.includes('deleted=true'));

describe('a create whose uid waits in Grafana 11.2\'s "Recently deleted"', () => {
  it('is warned in every rendering (json kind recently-deleted), and apply meets exactly that refusal', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    await seed(sandbox, [{ uid: 'cpu', title: 'CPU' }]);
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders());

    const { plan, settings, grafana } = await planTree(sandbox);

    expect(plan.summary).toMatchObject({ create: 1 });
    expect(plan.warnings).toEqual([{ kind: 'recently-deleted', uid: 'cpu', title: 'CPU' }]);
    expect(trashListings(sandbox)).toHaveLength(1);
    expect(JSON.parse(renderPlanJson(plan)).warnings).toEqual([{ kind: 'recently-deleted', uid: 'cpu', title: 'CPU' }]);
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('recently deleted: cpu "CPU" is planned as a create, but a dashboard with this uid is in Grafana\'s "Recently deleted"');
    expect(text).toContain('Take it back with dashsync restore cpu and plan again, delete it for good on Grafana\'s "Recently deleted" page, or give the file another uid');
    expect(renderPlanMarkdown(plan)).toContain('recently deleted: cpu');

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.created).toEqual([]);
    expect(result.failures).toMatchObject([{ uid: 'cpu', action: 'create', message: expect.stringContaining('"Recently deleted"') }]);
  });

  it('no warning when the trash holds other uids only', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    await seed(sandbox, [{ uid: 'mem', title: 'Memory' }]);
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/mem', undefined, adminHeaders());

    const { plan } = await planTree(sandbox);

    expect(plan.summary).toMatchObject({ create: 1 });
    expect(plan.warnings).toEqual([]);
    expect(trashListings(sandbox)).toHaveLength(1);
  });

  it('an Editor may not list the trash (401): no warning, the plan as before', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    await seed(sandbox, [{ uid: 'cpu', title: 'CPU' }]);
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders());

    const { plan } = await planTree(sandbox, (await serviceAccountToken(sandbox, 'Editor')).key);

    expect(trashListings(sandbox)).toMatchObject([{ status: 401 }]);
    expect(plan.summary).toMatchObject({ create: 1 });
    expect(plan.warnings).toEqual([]);
  });

  it('a listing that fails (500 on every try) informs nothing and fails nothing: the plan as before', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    await seed(sandbox, [{ uid: 'cpu', title: 'CPU' }]);
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders());
    // The plan's first two searches list its folders and dashboards; every search after them (the trash listing and its retries) fails.
    sandbox.setFaults({ pathPrefix: '/api/search', methods: ['GET'], script: [...Array.from({ length: 2 }, () => ({ kind: 'delay' as const, ms: 0 })), ...Array.from({ length: 8 }, () => ({ kind: 'status' as const, status: 500 }))] });

    const { plan } = await planTree(sandbox);

    expect(trashListings(sandbox).length).toBeGreaterThan(0);
    expect(trashListings(sandbox).every((entry) => entry.status === 500)).toBe(true);
    expect(plan.summary).toMatchObject({ create: 1 });
    expect(plan.warnings).toEqual([]);
  });

  it('a stock 11.2 (dashboardRestore off) lists an empty trash: no warning', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: false } });
    await seed(sandbox, [{ uid: 'cpu', title: 'CPU' }]);
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders());

    const { plan } = await planTree(sandbox);

    expect(plan.warnings).toEqual([]);
  });

  it('a plan without a create does not ask', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    await seed(sandbox, [{ uid: 'cpu', title: 'CPU' }]);

    const { plan } = await planTree(sandbox);

    expect(plan.summary).toMatchObject({ create: 0 });
    expect(trashListings(sandbox)).toEqual([]);
  });
});

describe.each(['11.2', '12', '13'] as SandboxOptions['grafanaVersion'][])('credentials that may write no dashboard (Grafana %s)', (grafanaVersion) => {
  it('a Viewer token gets one note up front; the plan is otherwise the same', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await seed(sandbox, []);

    const { plan } = await planTree(sandbox, (await serviceAccountToken(sandbox, 'Viewer')).key);

    expect(plan.summary).toMatchObject({ create: 1 });
    expect(plan.warnings[0]).toEqual({ kind: 'read-only', uid: null, orgId: null });
    expect(plan.warnings.filter((warning) => warning.kind === 'read-only')).toHaveLength(1);
    expect(JSON.parse(renderPlanJson(plan)).warnings[0].kind).toBe('read-only');
    // Says what it knows of these credentials only: an apply may well run with an Editor's (the promotion workflow's plan jobs).
    const said =
      'read-only credentials: Grafana lists no permission for these credentials to save or delete a dashboard in their org ' +
      "(no dashboards:create, dashboards:write or dashboards:delete: a Viewer's, with no folder granting more): " +
      "they can plan but not apply (HTTP 403); apply needs an Editor's or Admin's token (expected where plans use a Viewer's and apply its own)";
    expect(renderPlanText(plan, { color: false })).toContain(said);
    expect(renderPlanMarkdown(plan)).toContain(said);
    expect(renderPlanMarkdown(plan)).not.toContain('apply will be refused');
  });

  it('an Editor token gets no note', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await seed(sandbox, []);

    const { plan } = await planTree(sandbox, (await serviceAccountToken(sandbox, 'Editor')).key);

    expect(plan.summary).toMatchObject({ create: 1 });
    expect(plan.warnings.filter((warning) => warning.kind === 'read-only')).toEqual([]);
  });

  it('a Viewer granted Edit on a folder may write there: no note', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await seed(sandbox, []);
    const viewer = await serviceAccountToken(sandbox, 'Viewer');
    await apiRequest(sandbox, 'POST', '/api/folders/team/permissions', { items: [{ userId: viewer.id, permission: 2 }] }, adminHeaders());

    const { plan } = await planTree(sandbox, viewer.key);

    expect(plan.warnings.filter((warning) => warning.kind === 'read-only')).toEqual([]);
  });
});

describe.each(['11.2', '12', '13'] as SandboxOptions['grafanaVersion'][])('credentials that may write some folders only (Grafana %s)', (grafanaVersion) => {
  /** Folders `team` (Editors: View only), `team/nested` (inherits it) and `open`, each with a dashboard edited in its file. */
  async function partialTree(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, token: string, teamGrants: object[] = [{ role: 'Editor', permission: 1 }]) {
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team <ops>' }, adminHeaders());
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'nested', title: 'Nested', parentUid: 'team' }, adminHeaders());
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'open', title: 'Open' }, adminHeaders());
    await apiRequest(sandbox, 'POST', '/api/folders/team/permissions', { items: teamGrants }, adminHeaders());
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-partial-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const folders = [
      { dir: 'team', uid: 'team', title: 'Team <ops>' },
      { dir: 'team/nested', uid: 'nested', title: 'Nested' },
      { dir: 'open', uid: 'open', title: 'Open' },
    ];
    for (const folder of folders) {
      await mkdir(join(dir, 'dashboards', folder.dir), { recursive: true });
      await writeFile(join(dir, 'dashboards', folder.dir, '_folder.json'), JSON.stringify({ uid: folder.uid, title: folder.title }));
      const uid = `d-${folder.uid}`;
      await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid, schemaVersion: 39, panels: [] }, folderUid: folder.uid }, adminHeaders());
      await writeFile(join(dir, 'dashboards', folder.dir, `${uid}.json`), JSON.stringify({ uid, title: uid, description: 'edited', schemaVersion: 39, panels: [] }));
    }
    const settings = await loadSettings({ flags: { root: 'dashboards' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    return { settings, grafana, plan: await createPlan({ settings, grafana, git: GIT }) };
  }

  it('an Editor whose folder grant is View only: one not-writable warning per such folder (the nested one inherits); apply is refused exactly there', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const { plan, settings, grafana } = await partialTree(sandbox, (await serviceAccountToken(sandbox, 'Editor')).key);

    expect(plan.summary).toMatchObject({ update: 3 });
    const notWritable = plan.warnings.filter((warning) => warning.kind === 'not-writable');
    expect(notWritable.map((warning) => warning.folderUid).sort()).toEqual(['nested', 'team']);
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('not writable: 1 change in folder "Team <ops>" (team): these credentials have no dashboards:write there; apply will be refused for it');
    expect(text).toContain('not writable: 1 change in folder "Nested" (nested)');
    expect(text).not.toContain('(open)');
    // The version history needs dashboards:write on each dashboard too: the folders the plan may not write are the ones
    // whose history it could not read (/api's versions routes; /apis reads history through the list, which View allows).
    const unread = plan.warnings.filter((warning) => warning.kind === 'drift-not-checked');
    if (grafana.readsWholeOrg) expect(unread).toEqual([]);
    else expect(unread).toEqual([{ kind: 'drift-not-checked', uid: null, uids: ['d-nested', 'd-team'], reason: 'forbidden' }]);

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.updated).toEqual(['d-open']);
    expect(result.failures.map((failure) => failure.uid).sort()).toEqual(['d-nested', 'd-team']);
  });

  it('a Viewer service account with Edit on the parent folder: its subfolder is writable too, the other folder is not', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const viewer = await serviceAccountToken(sandbox, 'Viewer');
    const { plan } = await partialTree(sandbox, viewer.key, [{ role: 'Viewer', permission: 1 }, { userId: viewer.id, permission: 2 }]);

    const notWritable = plan.warnings.filter((warning) => warning.kind === 'not-writable');
    expect(notWritable).toEqual([{ kind: 'not-writable', uid: null, folderUid: 'open', folderTitle: 'Open', changes: 1, permissions: ['dashboards:write'] }]);
  });

  it('an Editor with the default grants: no warning', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await seed(sandbox, []);
    const { plan } = await planTree(sandbox, (await serviceAccountToken(sandbox, 'Editor')).key);
    expect(plan.warnings.filter((warning) => warning.kind === 'not-writable')).toEqual([]);
  });
});

describe.each(['12', '13'] as SandboxOptions['grafanaVersion'][])('a tree folder hidden from the credentials on /apis (Grafana %s)', (grafanaVersion) => {
  it('the plan neither creates it nor what goes below it (named and counted as unreadable); apply holds them, writes the rest, and does not succeed', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'oncall', title: 'On-call' }, adminHeaders());
    await apiRequest(sandbox, 'POST', '/api/folders/oncall/permissions', { items: [] }, adminHeaders());
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-hidden-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards/oncall/shared'), { recursive: true });
    await writeFile(join(dir, 'dashboards/oncall/_folder.json'), JSON.stringify({ uid: 'oncall', title: 'On-call' }));
    await writeFile(join(dir, 'dashboards/oncall/shared/_folder.json'), JSON.stringify({ uid: 'shared', title: 'Shared' }));
    await mkdir(join(dir, 'dashboards/fresh'), { recursive: true });
    await writeFile(join(dir, 'dashboards/fresh/_folder.json'), JSON.stringify({ uid: 'fresh', title: 'Fresh' }));
    for (const [folder, uid] of [['oncall/shared', 'pager'], ['fresh', 'new-one']]) {
      await writeFile(join(dir, 'dashboards', folder!, `${uid}.json`), JSON.stringify({ uid, title: uid, schemaVersion: 41, panels: [] }));
    }
    const settings = await loadSettings({ flags: { root: 'dashboards' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: (await serviceAccountToken(sandbox, 'Editor')).key }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const plan = await createPlan({ settings, grafana, git: GIT });

    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('unreadable: folder "On-call" (uid oncall, directory dashboards/oncall) exists in Grafana, hidden from these credentials by its permissions');
    expect(text).toContain('unreadable: folder "Shared" (uid shared, directory dashboards/oncall/shared) goes below folder oncall, which these credentials cannot see');
    expect(text).not.toContain('folder fresh');
    expect(plan.actions.filter((action) => action.action !== 'noop').map((action) => `${action.kind} ${action.action} ${action.uid}`)).toEqual(['folder create fresh', 'dashboard create new-one']);
    expect(plan.summary).toMatchObject({ create: 1, folderCreate: 1, unreadable: 1 });

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.failures).toEqual([]);
    expect(result.created).toEqual(['new-one']);
    expect(result.unreadable).toEqual([{ uid: 'pager', file: 'dashboards/oncall/shared/pager.json', folderUid: 'shared' }]);
    expect(applySucceeded(result)).toBe(false);
  });
});

describe('a folder to create, read first on /apis with an Editor token', () => {
  it('is read once: the 500 Grafana answers a non-admin for a folder it cannot resolve is an answer, not sent again', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const editor = await serviceAccountToken(sandbox, 'Editor');
    sandbox.clearRequests();

    const { plan } = await planTree(sandbox, editor.key);

    expect(plan.summary).toMatchObject({ create: 1, folderCreate: 1 });
    const reads = sandbox.requests().filter((entry) => entry.method === 'GET' && /\/folders\/team$/.test(entry.path));
    expect(reads.map((entry) => entry.status)).toEqual([500]);
  });
});
