import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, lines, makeWorkDir } from './pull-fixture.js';

// A `kubectl label` (or annotate) of a dashboard in unified storage is a merge patch of metadata only: the
// generation stays (apistore prepare.go keeps it unless spec or folder changed), and so does dashsync's record of its
// last push. The record's digest of the labels and annotations it pushed (dashsync/pushed-metadata) tells the edit
// apart: plan reports it as a change made in Grafana, pull takes it into a committed file.

const OBJECT = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/labelled';
const MERGE = { ...adminHeaders(), 'content-type': 'application/merge-patch+json' };
const file = (labels: Record<string, string>) => ({
  apiVersion: 'dashboard.grafana.app/v1',
  kind: 'Dashboard',
  metadata: { name: 'labelled', labels },
  spec: { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 42, title: 'Labelled' },
});

describe('a labels-only edit in Grafana 13 (unified storage) after an apply', () => {
  it('plan warns that the update would revert a change made in Grafana; pull takes it into the committed file; then plan is empty', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(file({ team: 'ops' }), null, 2)}\n`);
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
    await commitAll(work);
    const applied = await dashsync(handle, work, ['apply']);
    expect(applied.code, applied.stderr).toBe(0);

    const before = (await apiRequest(handle, 'GET', OBJECT)).body.metadata;
    const edited = await apiRequest(handle, 'PATCH', OBJECT, { metadata: { labels: { team: 'web' } } }, MERGE);
    expect(edited.status).toBe(200);
    expect(edited.body.metadata.generation).toBe(before.generation);

    const plan = await dashsync(handle, work, ['plan']);
    expect(plan.stdout).toContain('~ metadata.labels.team: "web" → "ops"');
    expect(plan.stdout).toMatch(/drift: labelled "Labelled": its labels or annotations were changed in Grafana \(Grafana does not record by whom\) since version 1, not by dashsync; applying/);
    expect(plan.stdout).not.toContain('by unknown');
    const json = await dashsync(handle, work, ['plan', '--format', 'json']);
    const live = JSON.parse(json.stdout).dashboards.find((d: { uid: string }) => d.uid === 'labelled').live;
    expect(live.updated).toBe(before.annotations['grafana.app/updatedTimestamp'] ?? before.creationTimestamp);
    expect(live.updatedBy).not.toBe('');

    const pulled = await dashsync(handle, work, ['pull']);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(lines(pulled.stdout).at(-1)).toMatch(/^Pull: 0 created, 1 updated/);
    expect(JSON.parse(await readFile(join(work, 'dashboards/labelled.json'), 'utf8')).metadata.labels).toEqual({ team: 'web' });

    const again = await dashsync(handle, work, ['plan']);
    expect(lines(again.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
  });

  it("plan of a dashboard Grafana migrated at its push lists only the label edit, not Grafana's rewrite", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const old = file({ team: 'ops' });
    // Its panel names a datasource and a query: without one, V36 writes a null panel datasource (the sandbox, like a fresh
    // Grafana, has no default datasource), which the label patch's own migration removes again (12.3 on, the
    // frontend-defaults cleanup runs before the steps on every v1 write): a spec change, and unified storage moves the generation.
    const panels = [{ ...old.spec.panels[0], datasource: { type: 'prometheus', uid: 'prom' }, targets: [{ refId: 'A', expr: 'up' }] }];
    await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify({ ...old, spec: { ...old.spec, panels, schemaVersion: 30 } }, null, 2)}\n`);
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply'])).code).toBe(0);
    expect((await apiRequest(handle, 'GET', OBJECT)).body.spec.schemaVersion).toBeGreaterThan(30);
    expect((await apiRequest(handle, 'PATCH', OBJECT, { metadata: { labels: { team: 'web' } } }, MERGE)).status).toBe(200);

    const plan = await dashsync(handle, work, ['plan']);

    expect(lines(plan.stdout).filter((line) => line.startsWith('      '))).toEqual(['      ~ metadata.labels.team: "web" → "ops"']);
    expect(plan.stdout).toMatch(/drift: labelled "Labelled"/);
  });

  // Without a datasource on the panel, V36 writes `datasource: null` (the sandbox, like a fresh Grafana, has no default
  // datasource), which the next v1 write's cleanup removes: a spec change, so any later write (dashsync's own record patch,
  // a kubectl label) would move the generation past the push record. The label edit must still read as one.
  it.each(['created', 'updated'] as const)('the same when its panel names no datasource, pushed as %s', async (how) => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const old = file({ team: 'ops' });
    const at30 = (title: string) => ({ ...old, spec: { ...old.spec, title, panels: [{ ...old.spec.panels[0], targets: [{ refId: 'A', expr: 'up' }] }], schemaVersion: 30 } });
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
    await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(at30(how === 'created' ? 'Labelled' : 'First'), null, 2)}\n`);
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply'])).code).toBe(0);
    if (how === 'updated') {
      await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(at30('Labelled'), null, 2)}\n`);
      await commitAll(work);
      expect((await dashsync(handle, work, ['apply'])).code).toBe(0);
    }
    const quiet = await dashsync(handle, work, ['plan']);
    expect(lines(quiet.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    const before = (await apiRequest(handle, 'GET', OBJECT)).body.metadata;
    const edited = await apiRequest(handle, 'PATCH', OBJECT, { metadata: { labels: { team: 'web' } } }, MERGE);
    expect(edited.status).toBe(200);
    // dashsync's push left a spec Grafana's next write keeps: the label edit did not move the generation.
    expect(edited.body.metadata.generation).toBe(before.generation);

    const plan = await dashsync(handle, work, ['plan']);

    expect(lines(plan.stdout).filter((line) => line.startsWith('      '))).toEqual(['      ~ metadata.labels.team: "web" → "ops"']);
    expect(plan.stdout).toMatch(/drift: labelled "Labelled": its labels or annotations were changed in Grafana/);
  });
  // labels-55: the push record still names dashsync's labels after the pull (pull writes no record), so the label edit kept
  // reading as drift, and an apply no one reviewed kept the dashboard as a conflict though the file held the label.
  it('once pulled and committed, the label edit is no drift: an --auto-approve apply saves a later change; a label edit the file lacks stays a conflict', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const path = join(work, 'dashboards/labelled.json');
    await writeFile(path, `${JSON.stringify(file({ team: 'ops' }), null, 2)}\n`);
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply', '--auto-approve'])).code).toBe(0);
    expect((await apiRequest(handle, 'PATCH', OBJECT, { metadata: { labels: { team: 'web' } } }, MERGE)).status).toBe(200);
    const pulled = await dashsync(handle, work, ['pull', 'labelled']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const retitled = JSON.parse(await readFile(path, 'utf8'));
    expect(retitled.metadata.labels).toEqual({ team: 'web' });
    retitled.spec.title = 'Labelled again';
    await writeFile(path, `${JSON.stringify(retitled, null, 2)}\n`);
    await commitAll(work);

    const plan = await dashsync(handle, work, ['plan']);
    expect(plan.stdout).not.toContain('drift:');
    const applied = await dashsync(handle, work, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('updated: labelled');
    expect(applied.stdout).not.toContain('conflict');
    const live = (await apiRequest(handle, 'GET', OBJECT)).body;
    expect(live.spec.title).toBe('Labelled again');
    expect(live.metadata.labels.team).toBe('web');

    // A label edit the file does not hold is still someone else's edit.
    expect((await apiRequest(handle, 'PATCH', OBJECT, { metadata: { labels: { team: 'db' } } }, MERGE)).status).toBe(200);
    retitled.spec.title = 'Labelled once more';
    await writeFile(path, `${JSON.stringify(retitled, null, 2)}\n`);
    await commitAll(work);
    const kept = await dashsync(handle, work, ['apply', '--auto-approve']);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toMatch(/drift: labelled "Labelled again": its labels or annotations were changed in Grafana/);
    expect(kept.stderr).toContain('conflict: ');
    expect((await apiRequest(handle, 'GET', OBJECT)).body.metadata.labels.team).toBe('db');
  });
});
