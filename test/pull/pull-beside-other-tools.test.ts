import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { commitAll, createLibraryPanel, dashsync, libraryPanelRef, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const NS = '/apis/%s.grafana.app/v1beta1/namespaces/default/%s';
const TERRAFORM = 'Terraform/1.9.5 terraform-provider-grafana/4.3.0';

/** A folder as Terraform's grafana_apps_folder_folder_v1beta1 writes it (through /apis, marked as its own). */
async function terraformFolder(handle: SandboxHandle, uid: string, title: string): Promise<void> {
  const metadata = { name: uid, annotations: { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': TERRAFORM } };
  const made = await apiRequest(handle, 'POST', NS.replace('%s', 'folder').replace('%s', 'folders'), { metadata, spec: { title } });
  expect(made.status, made.text).toBe(201);
}

/** A dashboard as Terraform's grafana_apps_dashboard_dashboard_v1beta1 writes it, in `folder`. */
async function terraformDashboard(handle: SandboxHandle, uid: string, title: string, folder: string, panels: unknown[] = []): Promise<void> {
  const annotations = { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': TERRAFORM, 'grafana.app/folder': folder };
  const made = await apiRequest(handle, 'POST', NS.replace('%s', 'dashboard').replace('%s', 'dashboards'), { metadata: { name: uid, annotations }, spec: { title, schemaVersion: 41, panels } });
  expect(made.status, made.text).toBe(201);
}

/** A folder and dashboard made in the UI (a plain `/api` save). */
async function uiFolder(handle: SandboxHandle, uid: string, title: string, parentUid?: string): Promise<void> {
  const made = await apiRequest(handle, 'POST', '/api/folders', { uid, title, ...(parentUid && { parentUid }) });
  expect(made.status, made.text).toBe(200);
}

async function uiDashboard(handle: SandboxHandle, uid: string, title: string, folderUid: string): Promise<void> {
  const made = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { uid, title, schemaVersion: 41, panels: [] }, folderUid });
  expect(made.status, made.text).toBe(200);
}

async function gitSync(handle: SandboxHandle, body: Record<string, unknown>): Promise<void> {
  const made = await apiRequest(handle, 'POST', '/__sandbox/git-sync', body);
  expect(made.status, made.text).toBe(200);
}

/** Grafana 13 shared with Terraform (folder tf-infra, dashboard tf-net) and Git Sync (folder gs-ops, dashboard gs-oncall); our UI folder platform. */
async function sharedGrafana(): Promise<SandboxHandle> {
  const handle = await startTestSandbox({ grafanaVersion: '13' });
  await uiFolder(handle, 'platform', 'Platform');
  await uiDashboard(handle, 'plat-api', 'Platform API', 'platform');
  await terraformFolder(handle, 'tf-infra', 'Infrastructure (Terraform)');
  await terraformDashboard(handle, 'tf-net', 'Network', 'tf-infra');
  await gitSync(handle, { folder: { uid: 'gs-ops', title: 'Ops (Git Sync)' }, repository: 'ops-repo', path: 'ops/' });
  await gitSync(handle, { dashboard: { uid: 'gs-oncall', title: 'On-call', panels: [] }, folderUid: 'gs-ops', repository: 'ops-repo', path: 'ops/oncall.json' });
  return handle;
}

describe('dashsync pull on a Grafana other tools share (Grafana 13)', () => {
  it('a first pull writes no directory for a folder another tool manages, says which it left out and suggests --folder; plan then goes ahead', async () => {
    const handle = await sharedGrafana();
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual(['wrote    dashboards/platform/_folder.json', 'created  dashboards/platform/platform-api.json', 'Pull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.']);
    expect(lines(pulled.stderr)).toEqual([
      'note: the tree is empty: pulling every dashboard (as with --all)',
      'note: this Grafana is shared (Git Sync, Terraform also keep dashboards or folders here): pulling everything makes every team\'s folder part of this tree, and plan --prune would then delete what others add there. ' +
        "To take your team's folders only: dashsync pull --folder <uid> (the uid is in the folder's URL: /dashboards/f/<uid>/)",
      'note: not pulled: 2 dashboards in 2 folders another tool manages: gs-ops "Ops (Git Sync)", synced by Git Sync from repository ops-repo (gs-oncall); ' +
        `tf-infra "Infrastructure (Terraform)", managed by Terraform (${TERRAFORM}) (tf-net). dashsync never writes in a folder another tool manages, and plan refuses a directory for one (folder-managed-elsewhere): change them where those folders are managed`,
    ]);
    expect(existsSync(join(work, 'dashboards/infrastructure-terraform'))).toBe(false);
    expect(existsSync(join(work, 'dashboards/ops-git-sync'))).toBe(false);

    const planned = await dashsync(handle, work, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  });

  it('a refresh pull leaves out a Git Sync folder that appeared below one of ours', async () => {
    const handle = await sharedGrafana();
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--folder', 'platform'])).code).toBe(0);
    await commitAll(work, 'adopt platform');
    await gitSync(handle, { folder: { uid: 'gs-plat-sub', title: 'Platform runbooks (Git Sync)', parentUid: 'platform' }, repository: 'ops-repo', path: 'plat/' });
    await gitSync(handle, { dashboard: { uid: 'plat-runbook', title: 'Runbook', panels: [] }, folderUid: 'gs-plat-sub', repository: 'ops-repo', path: 'plat/runbook.json' });

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual(['Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.']);
    expect(pulled.stderr).toContain(
      'note: not pulled: 1 dashboard in a folder another tool manages: gs-plat-sub "Platform runbooks (Git Sync)", synced by Git Sync from repository ops-repo (plat-runbook). ' +
        'dashsync never writes in a folder another tool manages, and plan refuses a directory for one (folder-managed-elsewhere): change it where that folder is managed',
    );
    expect(pulled.stderr).not.toContain('this Grafana is shared');
    const planned = await dashsync(handle, work, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  });

  it('a refresh pull does not write back the file of a Terraform dashboard a commit removed, as its note advised; pull <uid> takes it', async () => {
    const handle = await sharedGrafana();
    await terraformDashboard(handle, 'tf-in-platform', 'Platform costs (Terraform)', 'platform');
    const work = await makeWorkDir();
    const first = await dashsync(handle, work, ['pull', '--folder', 'platform']);
    expect(first.stdout).toContain(`created  dashboards/platform/platform-costs-terraform.json (managed by Terraform (${TERRAFORM}))`);
    expect(first.stderr).toContain('Keep one source of truth: change it through Terraform and delete this file');
    await commitAll(work, 'adopt platform');
    await rm(join(work, 'dashboards/platform/platform-costs-terraform.json'));
    await commitAll(work, 'one source of truth');

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    const [commit] = lines(pulled.stdout)[0]!.match(/commit ([0-9a-f]{12})/)!.slice(1);
    expect(lines(pulled.stdout)).toEqual([
      `skipped tf-in-platform "Platform costs (Terraform)": dashboards/platform/platform-costs-terraform.json not written back: commit ${commit} removed it, ` +
        `and it is managed by Terraform (${TERRAFORM}), which keeps it (dashsync apply never writes it). To take it back into the tree anyway: dashsync pull tf-in-platform`,
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 not written back (another tool manages it).',
    ]);
    expect(pulled.stderr).not.toContain('delete these files');
    expect(existsSync(join(work, 'dashboards/platform/platform-costs-terraform.json'))).toBe(false);

    const taken = await dashsync(handle, work, ['pull', 'tf-in-platform']);
    expect(taken.stdout).toContain('created  dashboards/platform/platform-costs-terraform.json');
  });

  it("under api legacy, which cannot see Terraform's mark, a refresh pull does not write back a removed file of a dashboard dashsync never pushed, and says why (own-63)", async () => {
    const handle = await sharedGrafana();
    // Terraform saves with a service account of its own, as terraform-provider-grafana does.
    const account = await apiRequest(handle, 'POST', '/api/serviceaccounts', { name: 'terraform', role: 'Admin' });
    const token = (await apiRequest(handle, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'tf' })).body.key as string;
    const annotations = { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': TERRAFORM, 'grafana.app/folder': 'platform' };
    const made = await apiRequest(handle, 'POST', NS.replace('%s', 'dashboard').replace('%s', 'dashboards'), { metadata: { name: 'tf-in-platform', annotations }, spec: { title: 'Platform costs (Terraform)', schemaVersion: 41, panels: [] } }, bearerHeaders(token));
    expect(made.status, made.text).toBe(201);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--folder', 'platform'])).code).toBe(0);
    await commitAll(work, 'adopt platform');
    await rm(join(work, 'dashboards/platform/platform-costs-terraform.json'));
    await commitAll(work, 'one source of truth');

    const pulled = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(pulled.code, pulled.stderr).toBe(0);
    const [commit] = lines(pulled.stdout)[0]!.match(/commit ([0-9a-f]{12})/)!.slice(1);
    // (Through /api the Terraform and Git Sync dashboards outside the tree are counted as files pull could write: it cannot see their owners.)
    expect(lines(pulled.stdout).filter((line) => !line.includes('have no file in the tree'))).toEqual([
      `skipped tf-in-platform "Platform costs (Terraform)": dashboards/platform/platform-costs-terraform.json not written back: commit ${commit} removed it, and dashsync did not save it last; ` +
        'api "legacy" reads /api, which does not show on Grafana 13 whether another tool manages it (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only), ' +
        'and prune under legacy leaves it. dashsync pull --api auto writes it back unless another tool manages it; to take it back into the tree anyway: dashsync pull --api legacy tf-in-platform',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 not written back (not saved last by dashsync, its owner unseen through /api).',
    ]);
    expect(existsSync(join(work, 'dashboards/platform/platform-costs-terraform.json'))).toBe(false);
    // A Viewer may not read /api history: that is no evidence that dashsync did not save it last, and the line says so (own-64).
    const viewer = await runCliInProcess(['pull', '--api', 'legacy'], { cwd: work, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: await handle.createToken('Viewer') } });
    expect(viewer.code, viewer.stderr).toBe(0);
    expect(lines(viewer.stdout).filter((line) => !line.includes('have no file in the tree'))).toEqual([
      `skipped tf-in-platform "Platform costs (Terraform)": dashboards/platform/platform-costs-terraform.json not written back: commit ${commit} removed it, ` +
        'and its version history, which shows whether dashsync saved it last, could not be read (these credentials may not read it, or Grafana could not list it); ' +
        'api "legacy" reads /api, which does not show on Grafana 13 whether another tool manages it (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only), ' +
        "and prune under legacy deletes it only if its apply's read of that history shows dashsync saved it last. " +
        "A pull with credentials that may read version history (an Editor's) writes it back if dashsync saved it last, and dashsync pull --api auto writes it back unless another tool manages it; " +
        'to take it back into the tree anyway: dashsync pull --api legacy tf-in-platform',
      'Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted, 1 not written back (its version history unread, its owner unseen through /api).',
    ]);
    // The advice, pasted: through /apis the owner shows, and the file stays out as Terraform's.
    const auto = await dashsync(handle, work, ['pull', '--api', 'auto']);
    expect(auto.stdout).toContain('not written back: commit');
    expect(auto.stdout).toContain('managed by Terraform');

    const taken = await dashsync(handle, work, ['pull', '--api', 'legacy', 'tf-in-platform']);
    expect(taken.stdout).toContain('created  dashboards/platform/platform-costs-terraform.json');
  });

  it('pull --folder of our folder inside a Terraform folder writes a parentOnly _folder.json that plan accepts; a Git Sync one stays refused', async () => {
    const handle = await sharedGrafana();
    await uiFolder(handle, 'team-x', 'Team X', 'tf-infra');
    await uiDashboard(handle, 'team-x-board', 'Team X board', 'team-x');
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull', '--folder', 'team-x']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'dashboards/infrastructure-terraform/_folder.json'), 'utf8'))).toEqual({ parentOnly: true, title: 'Infrastructure (Terraform)', uid: 'tf-infra' });
    const planned = await dashsync(handle, work, ['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);

    await rm(join(work, 'dashboards/infrastructure-terraform'), { recursive: true });
    await mkdir(join(work, 'dashboards/ops/mine'), { recursive: true });
    await writeFile(join(work, 'dashboards/ops/_folder.json'), '{"parentOnly": true, "title": "Ops (Git Sync)", "uid": "gs-ops"}\n');
    await writeFile(join(work, 'dashboards/ops/mine/mine.json'), '{"uid": "mine", "title": "Mine", "schemaVersion": 41, "panels": []}\n');
    const refused = await dashsync(handle, work, ['plan']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('dashboards/ops/_folder.json: error: folder gs-ops ("Ops (Git Sync)") is synced by Git Sync from repository ops-repo: dashsync never writes in a folder another tool manages.');
  });

  it('a library panel update names whose each of its other users is, and warns once that the change reaches them', async () => {
    const handle = await sharedGrafana();
    await createLibraryPanel(handle, 'lp-cpu', 'platform');
    await saveDashboard(handle, { uid: 'plat-db', title: 'Platform DB', schemaVersion: 41, panels: [libraryPanelRef(1, 'lp-cpu')] }, 'platform');
    await terraformDashboard(handle, 'tf-cpu', 'Terraform CPU', 'tf-infra', [libraryPanelRef(1, 'lp-cpu')]);
    await uiFolder(handle, 'data-team', 'Data Team');
    await saveDashboard(handle, { uid: 'data-etl', title: 'ETL jobs', schemaVersion: 41, panels: [libraryPanelRef(1, 'lp-cpu')] }, 'data-team');
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--folder', 'platform'])).code).toBe(0);
    const file = join(work, 'dashboards/platform/_library/panel-lp-cpu.json');
    const panel = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, `${JSON.stringify({ ...panel, model: { ...panel.model, description: 'rate over 1m' } }, null, 2)}\n`);

    const planned = await dashsync(handle, work, ['plan']);

    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain(
      '      used by 3 dashboards: data-etl "ETL jobs" (no file in this tree), plat-db "Platform DB", tf-cpu "Terraform CPU" (managed by Terraform)\n',
    );
    expect(planned.stdout).toContain(
      '! this plan\'s change to library panel lp-cpu "Panel lp-cpu" also changes 2 dashboards other owners keep: data-etl (no file in this tree), tf-cpu (managed by Terraform). ' +
        'Grafana shows the new version in each at once, with no change of theirs to review: tell their owners, or give this tree a panel of its own (a copy with another uid)',
    );
  });

  // walk-62 L6: an earlier release's pull wrote a directory for Terraform's folder; it was committed, then removed. git still
  // shows that _folder.json, which made tf-infra this tree's folder to prune: every plan --prune named what is in it.
  it("a Terraform folder's _folder.json committed and removed since does not make prune take that folder", async () => {
    const handle = await sharedGrafana();
    await uiDashboard(handle, 'ui-in-tf', 'Made by hand in Terraform\'s folder', 'tf-infra');
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--folder', 'platform'])).code).toBe(0);
    await mkdir(join(work, 'dashboards/infrastructure-terraform'), { recursive: true });
    await writeFile(join(work, 'dashboards/infrastructure-terraform/_folder.json'), '{"title": "Infrastructure (Terraform)", "uid": "tf-infra"}\n');
    await writeFile(join(work, 'dashboards/infrastructure-terraform/network.json'), '{"uid": "tf-net", "title": "Network", "schemaVersion": 41, "panels": []}\n');
    await commitAll(work, 'pull');
    await rm(join(work, 'dashboards/infrastructure-terraform'), { recursive: true });
    await commitAll(work, "remove Terraform's folder: Terraform keeps it");

    const planned = await dashsync(handle, work, ['plan', '--prune']);

    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).not.toContain('tf-net');
    expect(planned.stdout).not.toContain('ui-in-tf');
    expect(lines(planned.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
  });
});
