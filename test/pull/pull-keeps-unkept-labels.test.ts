import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, lines, makeWorkDir } from './pull-fixture.js';

// Grafana 12 keeps dashboards in its legacy SQL storage, which keeps none of a write's labels or annotations, and
// says so in its answer (the resourceVersion is the generation: sql_dashboards.go scanRow). A pull after an edit in
// the UI must not take that absence into the file: the file's own labels and annotations stay, and the next plan
// does not show them as changes (plan: "labels and annotations not kept … so they are not shown as changes").
// On 13 (unified storage) Grafana keeps them: pull takes Grafana's, and plan shows a label change either way.

const METADATA = { labels: { team: 'payments' }, annotations: { 'example.com/runbook': 'https://runbooks.example.com/slo' } };
const v1File = {
  apiVersion: 'dashboard.grafana.app/v1beta1',
  kind: 'Dashboard',
  metadata: { name: 'labelled', ...METADATA },
  spec: { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 41, title: 'Labelled' },
};
const v2File = {
  apiVersion: 'dashboard.grafana.app/v2beta1',
  kind: 'Dashboard',
  metadata: { name: 'labelled-v2', ...METADATA },
  spec: {
    title: 'Labelled v2',
    elements: {},
    layout: { kind: 'GridLayout', spec: { items: [] } },
  },
};

async function appliedTree(version: '12' | '13', uiEdit = true) {
  const handle = await startTestSandbox({ grafanaVersion: version });
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(v1File, null, 2)}\n`);
  await writeFile(join(work, 'dashboards/labelled-v2.json'), `${JSON.stringify(v2File, null, 2)}\n`);
  await commitAll(work);
  const applied = await dashsync(handle, work, ['apply']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  for (const uid of uiEdit ? ['labelled', 'labelled-v2'] : []) {
    const edited = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid }) });
    expect(edited.status, await edited.text()).toBe(200);
  }
  return { handle, work };
}

const UNKEPT_SUMMARY = 'Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged, 2 with labels Grafana does not keep (nothing to write).';

const metadataOf = async (work: string, name: string) => {
  const { metadata } = JSON.parse(await readFile(join(work, 'dashboards', name), 'utf8'));
  return { labels: metadata.labels, annotations: metadata.annotations };
};

describe('pull after a UI edit keeps the labels and annotations Grafana does not keep', () => {
  it('Grafana 12 (legacy SQL storage): the files keep their own labels and annotations, and the next plan is empty (a count, no note)', async () => {
    const { handle, work } = await appliedTree('12');

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/updated +dashboards\/labelled\.json/);
    expect(pulled.stdout).toMatch(/updated +dashboards\/labelled-v2\.json/);
    expect(await metadataOf(work, 'labelled.json')).toEqual(METADATA);
    expect(await metadataOf(work, 'labelled-v2.json')).toEqual(METADATA);
    expect(pulled.stderr).toMatch(
      /labels and annotations not kept: Grafana stores labelled, labelled-v2 without the labels and annotations of their files \(dashboards in its legacy SQL storage keep none\), so the files keep their own: not a change made in Grafana, nor one plan shows/,
    );
    // Grafana's answer names its legacy SQL storage (the resourceVersion is the generation): the labels Grafana cannot
    // keep are no change, so the next plan writes nothing and counts them apart from the unchanged; writing none of them,
    // it has nothing to note.
    const plan = await dashsync(handle, work, ['plan']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(lines(plan.stdout).at(-1)).toBe(UNKEPT_SUMMARY);
    expect(plan.stdout + plan.stderr).not.toContain('labels and annotations not kept');
    expect(await metadataOf(work, 'labelled.json')).toEqual(METADATA);
  });

  it('Grafana 12 (legacy SQL storage): a label-only edit of the file is no change Grafana could keep: apply writes nothing and says so', async () => {
    const { handle, work } = await appliedTree('12', false);
    const file = JSON.parse(await readFile(join(work, 'dashboards/labelled.json'), 'utf8'));
    file.metadata.labels = { team: 'billing' };
    await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(file, null, 2)}\n`);
    const before = (await apiRequest(handle, 'GET', '/api/dashboards/uid/labelled')).body;

    const applied = await dashsync(handle, work, ['apply']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain('labels and annotations not kept');
    // Not "Grafana already matches the tree": the files hold labels Grafana does not, and no write could change that.
    expect(lines(applied.stdout).slice(-2)).toEqual([
      UNKEPT_SUMMARY,
      'Nothing to apply: Grafana matches the tree except the labels and annotations of 2 dashboards, which Grafana does not keep: nothing to write.',
    ]);
    const after = (await apiRequest(handle, 'GET', '/api/dashboards/uid/labelled')).body;
    expect(after.meta.version).toBe(before.meta.version);

    const markdown = await dashsync(handle, work, ['plan', '--format', 'markdown']);
    // A pull-request comment: a short headline with the count, and no box that would repeat on every run.
    expect(markdown.stdout).toContain('**Plan: no changes**\n\n0 unchanged, 2 with labels Grafana does not keep (nothing to write).\n');
    expect(markdown.stdout).not.toContain('[!NOTE]');
    expect(markdown.stdout).not.toContain('[!WARNING]');
    expect(markdown.stdout).toContain('No dashboard changes.');
    const json = JSON.parse((await dashsync(handle, work, ['plan', '--format', 'json'])).stdout);
    expect(json.summary).toMatchObject({ update: 0, unchanged: 0, labelsNotKept: 2 });
    expect(json.dashboards.map((dashboard: { action: string }) => dashboard.action)).toEqual(['noop', 'noop']);
  });

  it('Grafana 13 (unified storage): Grafana keeps them, so the files hold them as Grafana has them', async () => {
    const { handle, work } = await appliedTree('13');

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/updated +dashboards\/labelled\.json/);
    expect(await metadataOf(work, 'labelled.json')).toEqual(METADATA);
    expect(await metadataOf(work, 'labelled-v2.json')).toEqual(METADATA);
    expect(pulled.stdout + pulled.stderr).not.toContain('not kept');
  });

  it('Grafana 13 (unified storage): labels stay changes both ways: an edit of the file plans an update, a label removed in Grafana plans one too', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(v1File, null, 2)}\n`);
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply'])).code).toBe(0);

    const file = JSON.parse(await readFile(join(work, 'dashboards/labelled.json'), 'utf8'));
    await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify({ ...file, metadata: { ...file.metadata, labels: { team: 'billing' } } }, null, 2)}\n`);
    const edited = await dashsync(handle, work, ['plan']);
    expect(lines(edited.stdout).at(-1)).toBe('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 0 unchanged.');
    expect(edited.stdout).toMatch(/~ metadata\.labels\.team/);
    expect(edited.stdout + edited.stderr).not.toContain('not kept');

    await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(file, null, 2)}\n`);
    const path = `/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/labelled`;
    const removed = await apiRequest(handle, 'PATCH', path, { metadata: { labels: { team: null } } }, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' });
    expect(removed.status, removed.text).toBe(200);
    const plan = await dashsync(handle, work, ['plan']);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 0 unchanged.');
    expect(plan.stdout).toMatch(/\+ metadata\.labels\.team/);
  });
});
