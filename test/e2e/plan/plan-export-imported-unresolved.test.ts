import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, createFolder, dashsync, lines, makeWorkDir, saveDashboard } from '../../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

/**
 * walk-69 M2: a script imported an export through /api/dashboards/db with its `__inputs` and `${DS_PROMETHEUS}` still in
 * it, so Grafana holds the placeholder as text. The bootstrap pull writes that version; its plan then maps the placeholder,
 * which is no edit made in Grafana: a plain update (no drift whose advice, pull, answers "1 unchanged"), which a one-step
 * apply writes, after which the plan is empty.
 */
describe.each(['12', '13'] as const)('an export imported without its inputs into Grafana %s', (grafanaVersion) => {
  it('pull, commit, plan: a plain update; apply --auto-approve writes it; the plan is then empty', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const folder = await createFolder(handle, { uid: 'ops', title: 'Ops' });
    await saveDashboard(
      handle,
      {
        uid: 'nx',
        title: 'Node Exporter',
        __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
        panels: [{ id: 1, type: 'timeseries', title: 'Up', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } }],
      },
      folder,
    );
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ inputs: { DS_PROMETHEUS: 'prom' } }));
    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout + pulled.stderr).toContain('Grafana holds ${DS_PROMETHEUS} as text');
    // Before the commit, pulling it again is no refusal ("changed here"): the file is Grafana's version.
    const refreshed = await dashsync(handle, dir, ['pull', 'nx']);
    expect(refreshed.code, refreshed.stdout + refreshed.stderr).toBe(0);
    expect(refreshed.stdout).toContain('Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.');
    expect(refreshed.stdout + refreshed.stderr).not.toContain('refused');
    // onboard-69: a pull that leaves the file as it is does not say it all again: one line, that the update is still to apply.
    expect(refreshed.stderr).toMatch(/^note: not applied yet: Grafana still holds \$\{DS_PROMETHEUS\} as text in the dashboard of \S+\.json, which the config maps: dashsync plan shows the update that writes the mapped datasource, and apply writes it$/m);
    expect(refreshed.stderr).not.toContain('an export imported without its inputs');
    await commitAll(dir, 'bootstrap');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    const out = lines(planned.stdout);
    expect(out).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 0 unchanged.');
    expect(out.filter((line) => /drift|edit in git/.test(line)), planned.stdout).toEqual([]);
    expect(out.some((line) => line.includes('"${DS_PROMETHEUS}" → "prom"')), planned.stdout).toBe(true);

    // The advice no longer loops: the one-step apply (apply-staging's) writes it.
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated');
    expect(applied.stdout).not.toContain('conflict');
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/nx');
    expect(live.body.dashboard.panels[0].datasource.uid).toBe('prom');

    const again = await dashsync(handle, dir, ['plan']);
    expect(lines(again.stdout), again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    // Applied: a pull has nothing to say of it any more.
    const after = await dashsync(handle, dir, ['pull']);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(after.stderr).not.toContain('as text');
  });
});
