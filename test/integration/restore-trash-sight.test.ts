import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from './../helpers/sandbox.js';
import { emptyWorkspace, workspaceAt } from '../e2e/apply/workspace.js';
import { writeFiles } from './library-panels/library-tree.js';

// Grafana 13's "Recently deleted" (unified storage) lists an entry only to whoever deleted the dashboard and to those who
// may set its permissions (PR #106767): to an Editor token, "no entry" is not "not there".
// walk-69 L2: on a 12 with legacy SQL storage (the default), a delete keeps nothing in "Recently deleted" for anyone; the
// line suggested an org Admin's token to see entries there, which that storage never keeps.
describe('restore on Grafana 12 with legacy SQL storage, neither an entry nor a backup', () => {
  it("says the backup was the only copy, and where CI keeps it; no org Admin's token to try", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', storage: 'legacy' });
    const dir = await emptyWorkspace();
    await writeFiles(dir, { 'dashsync.config.json': { root: 'dashboards' } });
    const ws = workspaceAt(dir, sandbox);
    for (const uid of ['kept', 'x']) expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid.toUpperCase() } })).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/x')).status).toBe(200);

    const token = await sandbox.createToken('Editor');
    const asEditor = await ws.cli(['restore', 'x'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(asEditor.code).toBe(1);
    expect(asEditor.stderr).toContain(
      'error: cannot restore x: Grafana keeps its dashboards in legacy SQL storage, whose delete keeps no "Recently deleted" entry: ' +
        "a prune's backup is the only copy (one applied in CI is in the apply job's artifact: --backup-dir DIR), and there is no backup of it from ",
    );
    expect(asEditor.stderr).not.toContain("an org Admin's token");

    // restl-69: its dry run says what the run says (it gave the org Admin's token hint), text and JSON alike.
    const env = { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const preview = await ws.cli(['restore', 'x', '--dry-run'], env);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain(
      ', and Grafana keeps its dashboards in legacy SQL storage, whose delete keeps no "Recently deleted" entry: ' +
        "a prune's backup is the only copy (one applied in CI is in the apply job's artifact: --backup-dir DIR); dashsync restore x says what can be done\n",
    );
    expect(preview.stdout).not.toContain("an org Admin's token");
    const json = await ws.cli(['restore', 'x', '--dry-run', '--format', 'json'], env);
    const would = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'would-restore');
    expect([json.code, would.reason, would.text]).toEqual([1, 'not-found', expect.stringContaining('legacy SQL storage')]);
    expect(would.text).not.toContain("an org Admin's token");
  });
});

describe('restore with credentials that are not shown every "Recently deleted" entry (13)', () => {
  it('an Editor token finds no entry for a dashboard an Admin deleted, and the line says why; an Admin restores it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await emptyWorkspace();
    await writeFiles(dir, { 'dashsync.config.json': { root: 'dashboards' } });
    const ws = workspaceAt(dir, sandbox);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'x', title: 'X' } })).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/x')).status).toBe(200);

    const token = await sandbox.createToken('Editor');
    const asEditor = await ws.cli(['restore', 'x'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(asEditor.code).toBe(1);
    expect(asEditor.stderr).toContain('error: cannot restore x: Grafana\'s "Recently deleted" has no entry for it that these credentials can see, and there is no backup of it from ');
    expect(asEditor.stderr).toContain(
      '; Grafana shows a "Recently deleted" entry only to whoever deleted the dashboard and to those who may set its permissions: an org Admin\'s token sees entries others deleted',
    );

    // The dry run says what the run says (it said "has no entry for it", as if nothing were there).
    const preview = await ws.cli(['restore', 'x', '--dry-run'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain('would not restore x: there is no backup of it from ');
    expect(preview.stdout).toContain(
      ', and Grafana\'s "Recently deleted" has no entry for it that these credentials can see; Grafana shows a "Recently deleted" entry only to whoever deleted the dashboard and to those who may set its permissions: an org Admin\'s token sees entries others deleted; ',
    );
    const adminPreview = await ws.cli(['restore', 'x', '--dry-run']);
    expect([adminPreview.code, adminPreview.stdout]).toEqual([0, expect.stringContaining('would restore x from Grafana\'s "Recently deleted"')]);

    const asAdmin = await ws.cli(['restore', 'x']);
    expect([asAdmin.code, asAdmin.stdout]).toEqual([0, expect.stringContaining('restored x "X" from Grafana\'s "Recently deleted"')]);
  });

  it("an Admin's token is shown every entry: its line stays as it was", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await emptyWorkspace();
    await writeFiles(dir, { 'dashsync.config.json': { root: 'dashboards' } });
    const ws = workspaceAt(dir, sandbox);
    const asAdmin = await ws.cli(['restore', 'never'], { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(asAdmin.code).toBe(1);
    expect(asAdmin.stderr).toContain('error: cannot restore never: Grafana\'s "Recently deleted" has no entry for it, and there is no backup of it from ');
    expect(asAdmin.stderr).not.toContain('these credentials can see');
    const preview = await ws.cli(['restore', 'never', '--dry-run'], { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(preview.stdout).toContain(', and Grafana\'s "Recently deleted" has no entry for it; ');
    expect(preview.stdout).not.toContain('these credentials can see');
  });
});
