import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { SandboxOptions } from '../../src/sandbox/types.js';
import { startTestSandbox } from './sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/**
 * A sandbox holding folder `team` ("Team", with dashboard team-overview) applied from a tree, then that tree's
 * `_folder.json` retitled "Team (from git)" and planned: the plan renames the folder, nothing applied yet. For the tests of
 * what someone does to the folder between that plan and its apply; `apply(true)` applies it with --force.
 */
export async function planFolderRename(options: SandboxOptions, api: 'k8s' | 'legacy') {
  const sandbox = await startTestSandbox(options);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-folder-rename-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards/team'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  const folderFile = join(dir, 'dashboards/team/_folder.json');
  await writeFile(folderFile, JSON.stringify({ uid: 'team', title: 'Team' }));
  await writeFile(join(dir, 'dashboards/team/overview.json'), JSON.stringify({ uid: 'team-overview', title: 'Overview', schemaVersion: 39, panels: [] }));
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
  await writeFile(folderFile, JSON.stringify({ uid: 'team', title: 'Team (from git)' }));
  const plan = await createPlan({ settings, grafana, git: GIT });
  const apply = (force = false) => applyPlan({ plan, settings, grafana, message: 'dashsync: test', force });
  return { sandbox, plan, apply };
}
