import { readdir, readFile, rename, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { copyFixture, lines, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times against two sandboxes.
vi.setConfig({ testTimeout: 120_000 });

const STAGING_FOLDER = deriveFolderUid('staging');

/** dashsync in `dir`, the url from each environment of the config, as the admin of both sandboxes. */
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const exists = async (handle: SandboxHandle, uid: string) => (await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status === 200;

interface Config {
  environments: Record<string, { url: string; include: string[]; orgId?: number }>;
}

/** staging and production on two Grafanas (audit-ux-14 MEDIUM-2's set-up), each with `shared/` and its own directory, both applied. */
async function twoGrafanas(): Promise<{ dir: string; staging: SandboxHandle; production: SandboxHandle; config: Config & Record<string, unknown> }> {
  const [staging, production] = await Promise.all([startTestSandbox({ grafanaVersion: '12' }), startTestSandbox({ grafanaVersion: '12' })]);
  const dir = await copyFixture('basic');
  await rm(join(dir, 'dashboards'), { recursive: true });
  const config = {
    api: 'legacy',
    prune: 'folders',
    environments: {
      staging: { url: staging.url, include: ['shared', 'staging'] },
      production: { url: production.url, include: ['shared', 'prod'] },
    },
  };
  await writeJson(dir, 'dashsync.config.json', config);
  await writeJson(dir, 'dashboards/shared/shared-one.json', { uid: 'shared-one', title: 'Shared one', panels: [] });
  await writeJson(dir, 'dashboards/staging/staging-one.json', { uid: 'staging-one', title: 'Staging one', panels: [] });
  await writeJson(dir, 'dashboards/staging/platform-overview.json', { uid: 'platform-overview', title: 'Platform Overview', panels: [] });
  await writeJson(dir, 'dashboards/prod/prod-one.json', { uid: 'prod-one', title: 'Prod one', panels: [] });
  // A file no environment selects: whose it is cannot be told, so it keeps its uid from every prune.
  await writeJson(dir, 'dashboards/archive/old.json', { uid: 'old', title: 'Old', panels: [] });
  await commitAll(dir, 'two grafanas');
  for (const env of ['staging', 'production']) {
    const applied = await dashsync(dir, ['apply', '--env', env, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
  }
  await saveLive(staging, { uid: 'old', title: 'Old', panels: [] }, STAGING_FOLDER, 'ui');
  // The dashboard moves from staging's directory to production's.
  await mkdir(join(dir, 'dashboards/prod'), { recursive: true });
  await rename(join(dir, 'dashboards/staging/platform-overview.json'), join(dir, 'dashboards/prod/platform-overview.json'));
  await commitAll(dir, 'platform-overview goes to production only');
  return { dir, staging, production, config };
}

const deletesOf = (plan: { dashboards: { action: string; uid: string }[] }) => plan.dashboards.filter((dashboard) => dashboard.action === 'delete');

describe('environments on separate Grafanas: prune takes what only another Grafana\'s environment deploys', () => {
  it('staging deletes the dashboard whose file moved to production\'s directory, says why, backs it up; a file no environment selects still keeps its dashboard', async () => {
    const { dir, staging, production } = await twoGrafanas();

    const json = await dashsync(dir, ['plan', '--env', 'staging', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(deletesOf(plan)).toEqual([
      expect.objectContaining({ uid: 'platform-overview', deployedElsewhere: { file: 'dashboards/prod/platform-overview.json', environments: ['production'], where: 'grafana' } }),
    ]);
    // old's file is selected by no environment: kept, and counted as before.
    expect(plan.summary).toMatchObject({ delete: 1, outsideSelection: 1 });

    const text = await dashsync(dir, ['plan', '--env', 'staging']);
    expect(text.code, text.stderr).toBe(0);
    expect(lines(text.stdout).filter((line) => line.startsWith('- delete'))).toEqual([
      '- delete        "Platform Overview" (uid platform-overview, live version 1) in "staging"; ' +
        'its file dashboards/prod/platform-overview.json is deployed by environment production (another Grafana) only (backed up before delete)',
    ]);
    expect(text.stdout).toContain("1 not pruned (its file is outside environment staging's selection)");

    // A saved plan applies: the file that holds the uid is still production's only.
    expect((await dashsync(dir, ['plan', '--env', 'staging', '--out', 'staging.plan.json'])).code).toBe(0);
    const applied = await dashsync(dir, ['apply', '--env', 'staging', 'staging.plan.json']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain('deleted: platform-overview "Platform Overview"');
    expect(await exists(staging, 'platform-overview')).toBe(false);
    for (const uid of ['old', 'staging-one', 'shared-one']) expect(await exists(staging, uid)).toBe(true);
    const backups = await readdir(join(dir, '.dashsync/backups/staging/platform-overview'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dir, '.dashsync/backups/staging/platform-overview', backups[0]!), 'utf8')).dashboard.uid).toBe('platform-overview');

    // Production creates it; its own plan deletes nothing of staging's.
    const prod = await dashsync(dir, ['apply', '--env', 'production', '--auto-approve']);
    expect(prod.code, prod.stderr).toBe(0);
    expect(await exists(production, 'platform-overview')).toBe(true);
    const again = await dashsync(dir, ['plan', '--env', 'staging', '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('apply of a saved plan refuses that delete once the config makes the file this Grafana\'s; the same url with another orgId is another org', async () => {
    const { dir, staging, config } = await twoGrafanas();
    expect((await dashsync(dir, ['plan', '--env', 'staging', '--out', 'staging.plan.json'])).code).toBe(0);
    await writeJson(dir, 'dashsync.config.json', { ...config, environments: { ...config.environments, staging: { url: staging.url, include: ['shared', 'staging', 'prod'] } } });

    const applied = await dashsync(dir, ['apply', '--env', 'staging', 'staging.plan.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      'the plan deletes dashboard platform-overview, but dashboards/prod/platform-overview.json holds it now for this Grafana org (the tree or dashsync.config.json changed since the plan was made); nothing was applied',
    );
    expect(await exists(staging, 'platform-overview')).toBe(true);

    // production deploying to another org of staging's Grafana: the same rule, said so.
    await writeJson(dir, 'dashsync.config.json', { ...config, environments: { ...config.environments, production: { url: staging.url, orgId: 2, include: ['shared', 'prod'] } } });
    const planned = await dashsync(dir, ['plan', '--env', 'staging']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('its file dashboards/prod/platform-overview.json is deployed by environment production (another org of this Grafana) only');
    // And in staging's own org, production's file is staging's to keep (docs/environments.md "Two environments in one Grafana org").
    await writeJson(dir, 'dashsync.config.json', { ...config, environments: { ...config.environments, production: { url: staging.url, include: ['shared', 'prod'] } } });
    const shared = await dashsync(dir, ['plan', '--env', 'staging', '--format', 'json']);
    expect(shared.code, shared.stderr).toBe(0);
    expect(deletesOf(JSON.parse(shared.stdout))).toEqual([]);
    expect(JSON.parse(shared.stdout).summary.outsideSelection).toBe(2);
  });
});
