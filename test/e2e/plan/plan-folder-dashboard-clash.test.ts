import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import type { Workspace } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const warningLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('  ! '));

async function addFile(workspace: Workspace, file: string, content: unknown): Promise<void> {
  await mkdir(join(workspace.dir, file, '..'), { recursive: true });
  await writeFile(join(workspace.dir, file), `${JSON.stringify(content, null, 2)}\n`);
}

describe('a folder and a dashboard of one title (Grafana 11.2 keeps them in one table, is_folder)', () => {
  it('a folder titled like a dashboard beside it: plan warns, and apply on 11.2 fails as the plan said', async () => {
    const { workspace } = await appliedExample({ grafanaVersion: '11.2' });
    // At the General level, beside the live dashboard platform-overview "Platform Overview".
    await addFile(workspace, 'dashboards/overview/_folder.json', { uid: 'overview', title: 'Platform Overview' });
    await addFile(workspace, 'dashboards/overview/summary.json', { uid: 'overview-summary', title: 'Summary', panels: [] });

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(warningLines(plan.stdout)).toEqual([
      '  ! folder title clash: directory overview (folder overview) would be titled "Platform Overview" in the General level, where dashboard platform-overview ' +
        'is titled "Platform Overview"; Grafana 11.2 and older refuse a folder named like a dashboard beside it ("Folder name cannot be the same as one of its dashboards"), ' +
        'so applying this tree to one of those would fail (12 and later allow it): give the folder another "title" in its _folder.json, or rename the dashboard',
    ]);
    const applied = await workspace.cli(['apply']);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain('Folder name cannot be the same as one of its dashboards');
  });

  it('a dashboard titled like a folder (anywhere in the org): plan warns, and apply on 11.2 fails as the plan said', async () => {
    const { workspace } = await appliedExample({ grafanaVersion: '11.2' });
    // In platform/kubernetes; the folder "databases" is platform/databases.
    await addFile(workspace, 'dashboards/platform/kubernetes/databases.json', { uid: 'k8s-databases', title: 'Databases', panels: [] });

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(warningLines(plan.stdout)).toEqual([
      expect.stringMatching(
        /^ {2}! title clash: dashboard k8s-databases is titled "Databases", and directory platform\/databases \(folder \S+\) is titled "databases"; Grafana 11\.2 and older refuse to save a dashboard named like any folder of the org \("Dashboard name cannot be the same as folder"\), so applying this tree to one of those would fail \(12 and later allow it\): rename the dashboard, or the folder$/,
      ),
    ]);
    const applied = await workspace.cli(['apply']);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain('Dashboard name cannot be the same as folder');
  });

  it.each(['12', '13'] as const)('is no clash on Grafana %s: no warning, and both apply', async (grafanaVersion) => {
    const { workspace } = await appliedExample({ grafanaVersion });
    await addFile(workspace, 'dashboards/overview/_folder.json', { uid: 'overview', title: 'Platform Overview' });
    await addFile(workspace, 'dashboards/overview/summary.json', { uid: 'overview-summary', title: 'Summary', panels: [] });
    await addFile(workspace, 'dashboards/platform/kubernetes/databases.json', { uid: 'k8s-databases', title: 'Databases', panels: [] });

    const plan = await workspace.cli(['plan']);
    expect(warningLines(plan.stdout)).toEqual([]);
    const applied = await workspace.cli(['apply']);
    expect(applied.code, applied.stderr).toBe(0);
  });
});
