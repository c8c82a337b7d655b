import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, git, lines, madeFromCommitByAnotherTool, makeWorkDir } from './pull-fixture.js';

// nl-58b: pull's search for a commit Grafana holds compared without the instance's default data source, which Grafana's
// migration (V36) gives a panel whose file names none: the committed version Grafana held read as different, so pull took
// Grafana's version over the commit since, not applied yet (`updated`), where the plan's comparisons (liveInstanceFor) saw none.

/** The v1-family version each release serves dashboards at. */
const V1 = { '12': 'v1beta1', '13': 'v1' } as const;

describe.each(['12', '13'] as const)('pull of a file at schemaVersion 30 whose panel names no data source, made in Grafana from its first commit, changed in git since (Grafana %s)', (grafanaVersion) => {
  it('keeps the file: the commit since is not applied yet', async () => {
    const handle = await startTestSandbox({ grafanaVersion, datasources: [{ uid: 'prom', name: 'Prometheus', type: 'prometheus', isDefault: true }] });
    const dir = await makeWorkDir();
    const model = { uid: 'd', title: 'D', schemaVersion: 30, panels: [{ id: 1, title: 'CPU', type: 'timeseries', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ expr: 'up', refId: 'A' }] }] };
    // Another tool made it in Grafana from its first commit through /apis, whose write runs the migration: V36 gives the panel
    // the default data source.
    const file = await madeFromCommitByAnotherTool(handle, dir, model, V1[grafanaVersion]);
    const { uid } = model;
    const stored = await apiRequest(handle, 'GET', `/apis/dashboard.grafana.app/${V1[grafanaVersion]}/namespaces/default/dashboards/${uid}`);
    expect(stored.body.spec.panels[0].datasource).toEqual({ type: 'prometheus', uid: 'prom' });
    const mine = canonicalJson({ ...model, title: 'D (PR)' });
    await writeFile(file, mine);
    await commitAll(dir, 'pr: title');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)[0]).toMatch(new RegExp(`^kept +dashboards/d\\.json: committed in ${sha} and not applied yet: Grafana still has the version that commit started from \\(version 1`));
    expect(await readFile(file, 'utf8')).toBe(mine);
  });
});
