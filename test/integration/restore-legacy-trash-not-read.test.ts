import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard } from '../e2e/apply/workspace.js';
import { adminHeaders, apiRequest } from '../helpers/sandbox.js';
import { editInUi } from '../pull/pull-fixture.js';

// Several restores through the CLI (in-process) against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';
const KEEPS =
  "its labels and annotations, a tool's mark among them (grafana.app/managedBy: Terraform, kubectl, a plugin that took it over after dashsync's push), which no backup holds";

// nl-62: with api "legacy" on Grafana 13, restore re-posted dashsync's backup although "Recently deleted" (which only /apis
// reads) could hold the dashboard as edited after that backup; the save took that copy's place, and the edit was lost for
// good (src/sandbox/README.md: a trashed uid is listed no more once a dashboard holds it).
describe('restore with api "legacy" on Grafana 13, a backup older than the "Recently deleted" copy', () => {
  it('refuses before any write, in the run, its dry run, --all and JSON; --api auto takes the edited copy back, --from-backup the backup', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'legacy');
    await pruneAway(workspace, POSTGRES);
    const { name } = await newestBackup(workspace, UID);
    const backup = `.dashsync/backups/${UID}/${name}`;
    // Brought back, edited in Grafana after dashsync's backup, then deleted there: "Recently deleted" holds the edit.
    expect((await workspace.cli(['restore', UID, '--api', 'auto'])).code).toBe(0);
    await editInUi(sandbox, UID, 'edited after the backup');
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    sandbox.clearRequests();

    const why =
      `api "legacy" never reads /apis, where Grafana 13 keeps "Recently deleted", which may hold ${UID} as edited in Grafana after its backup ${backup} (then deleted there), ` +
      `with ${KEEPS}; putting that backup back would take that copy's place for good; dashsync restore ${UID} --api auto takes it back from "Recently deleted" if it is there, else puts the backup back; ` +
      `dashsync restore ${UID} --from-backup ${backup} puts the backup back anyway`;
    const run = await workspace.cli(['restore', UID]);
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', `error: cannot restore ${UID}: ${why}\n`]);

    const dry = await workspace.cli(['restore', UID, '--dry-run']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, `would not restore ${UID}: ${why}`]);

    const allDry = await workspace.cli(['restore', '--all', '--dry-run']);
    expect(allDry.code).toBe(1);
    expect(allDry.stdout).toMatch(/^restore --all: nothing the run would restore from the backups from \S+ in \.dashsync\/backups\/: 1 uid absent in Grafana now, which it would not restore \(below\)\n/);
    expect(allDry.stdout).toContain(`\nwould not restore ${UID}: ${why}\n`);
    const all = await workspace.cli(['restore', '--all']);
    expect(all.code).toBe(1);
    expect(all.stdout.split('\n')[0]).toBe(allDry.stdout.split('\n')[0]);
    expect(all.stderr).toContain(`error: cannot restore ${UID}: ${why}\n`);

    const json = await workspace.cli(['restore', UID, '--format', 'json']);
    const failed = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'failed');
    expect(failed).toMatchObject({ kind: 'dashboard', uid: UID, reason: 'trash-not-read', backup, text: `error: cannot restore ${UID}: ${why}` });
    // Nothing was written, and nothing went to /apis: the deleted copy is still there to take back.
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET' || entry.path.startsWith('/apis')).map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);

    const auto = await workspace.cli(['restore', UID, '--api', 'auto']);
    expect([auto.code, auto.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from Grafana's "Recently deleted" `))]);
    expect((await getDashboard(sandbox, UID)).dashboard.description).toBe('edited after the backup');

    // The backup put back on purpose: --from-backup is not asked about "Recently deleted".
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    const named = await workspace.cli(['restore', UID, '--from-backup', backup]);
    expect([named.code, named.stderr, named.stdout.split('\n')[0]]).toEqual([0, '', expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from ${backup.replaceAll('.', '\\.')} into `))]);
    expect((await getDashboard(sandbox, UID)).dashboard.description).not.toBe('edited after the backup');
  });

  it("names what only the trash's copy keeps of a dashboard a tool adopted after dashsync's push (its manager mark), and --api auto takes it back with it (own-64)", async () => {
    const { sandbox, workspace } = await appliedExample('13', 'legacy');
    // Terraform adopts it: annotations only, no new version, so /api's history still ends in dashsync's push and a legacy prune deletes it.
    const path = `/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/${UID}`;
    const current = (await apiRequest(sandbox, 'GET', path)).body;
    const adopt = { metadata: { resourceVersion: current.metadata.resourceVersion, annotations: { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'prod', 'grafana.app/managerAllowsEdits': 'true' } } };
    expect((await apiRequest(sandbox, 'PATCH', path, adopt, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    await pruneAway(workspace, POSTGRES);
    const { name } = await newestBackup(workspace, UID);

    const run = await workspace.cli(['restore', UID]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`which may hold ${UID} as edited in Grafana after its backup .dashsync/backups/${UID}/${name} (then deleted there), with ${KEEPS}; `);
    const auto = await workspace.cli(['restore', UID, '--api', 'auto']);
    expect(auto.code, auto.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', path)).body.metadata.annotations['grafana.app/managedBy']).toBe('terraform');
  });
});
