import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, lines, makeWorkDir } from './pull-fixture.js';

// Grafana 12 keeps dashboards in its legacy SQL storage, which keeps none of a write's labels or annotations
// (plan: "labels and annotations not kept … so they are not shown as changes"). A pull after an edit in the UI
// must not take that absence into the file: the file's own labels and annotations stay. On 13 (unified storage)
// Grafana keeps them, and pull takes Grafana's as before.

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

async function appliedTree(version: '12' | '13') {
  const handle = await startTestSandbox({ grafanaVersion: version });
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  await writeFile(join(work, 'dashboards/labelled.json'), `${JSON.stringify(v1File, null, 2)}\n`);
  await writeFile(join(work, 'dashboards/labelled-v2.json'), `${JSON.stringify(v2File, null, 2)}\n`);
  await commitAll(work);
  const applied = await dashsync(handle, work, ['apply']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  for (const uid of ['labelled', 'labelled-v2']) {
    const edited = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid }) });
    expect(edited.status, await edited.text()).toBe(200);
  }
  return { handle, work };
}

const metadataOf = async (work: string, name: string) => {
  const { metadata } = JSON.parse(await readFile(join(work, 'dashboards', name), 'utf8'));
  return { labels: metadata.labels, annotations: metadata.annotations };
};

describe('pull after a UI edit keeps the labels and annotations Grafana does not keep', () => {
  it('Grafana 12 (legacy SQL storage): the files keep their own labels and annotations; plan lists only them until one apply, then nothing', async () => {
    const { handle, work } = await appliedTree('12');

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/updated +dashboards\/labelled\.json/);
    expect(pulled.stdout).toMatch(/updated +dashboards\/labelled-v2\.json/);
    expect(await metadataOf(work, 'labelled.json')).toEqual(METADATA);
    expect(await metadataOf(work, 'labelled-v2.json')).toEqual(METADATA);
    expect(pulled.stderr).toMatch(/labels and annotations not kept: Grafana stores labelled, labelled-v2 without the labels and annotations of their files \(dashboards in its legacy SQL storage keep none\), so the files keep their own/);
    // Grafana holds the UI's save now, so plan cannot tell the labels from an edit not applied yet: it lists them
    // (nothing but them), an apply pushes them, and from then on plan says they are not kept.
    const plan = await dashsync(handle, work, ['plan']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const changeLines = lines(plan.stdout).filter((line) => /^ {6}[~+-] /.test(line));
    expect(changeLines.length).toBeGreaterThan(0);
    expect(changeLines.every((line) => /^ {6}\+ metadata\.(labels|annotations)/.test(line)), changeLines.join('\n')).toBe(true);
    expect((await dashsync(handle, work, ['apply'])).code).toBe(0);
    const settled = await dashsync(handle, work, ['plan']);
    expect(lines(settled.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged.');
    expect(await metadataOf(work, 'labelled.json')).toEqual(METADATA);
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
});
