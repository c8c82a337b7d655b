import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { commitAll } from '../pull/pull-fixture.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

async function appliedTree() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-uid-change-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const write = (path: string, content: unknown) => writeFile(join(dir, 'dashboards', path), `${JSON.stringify(content, null, 2)}\n`);
  await mkdir(join(dir, 'dashboards', 'team-b'), { recursive: true });
  await write('team-b/b1.json', { panels: [], title: 'B one', uid: 'b1' });
  await write('team-b/b2.json', { panels: [], title: 'B two', uid: 'b2' });
  await commitAll(dir, 'first');
  const settings = await loadSettings({ flags: { api: 'legacy', prune: 'all' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  await runApply({ settings, grafana, env: {}, force: false });
  return { settings, grafana, write, dir };
}

describe('a file whose uid changed in place (audit-ux-7 F2)', () => {
  it('the plan notes the path, old → new uid, what goes and how to keep it; another delete is not noted', async () => {
    const { settings, grafana, write, dir } = await appliedTree();
    await write('team-b/b1.json', { panels: [], title: 'B one', uid: 'team-b-one' });
    await rm(join(dir, 'dashboards', 'team-b', 'b2.json'));
    await commitAll(dir, 'new uid');

    const text = renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false });
    const noted = text.split('\n').filter((line) => line.includes('changed its uid'));
    expect(noted).toEqual([
      '  dashboards/team-b/b1.json changed its uid b1 → team-b-one: Grafana cannot rename a uid, so b1 "B one" (1 version, links /d/b1) is deleted and a new dashboard created; keep "uid": "b1" in the file to keep them',
    ]);
    expect(text.split('\n').filter((line) => line.startsWith('- delete'))).toEqual([
      '- delete        "B one" (uid b1, live version 1) in "team-b"; its file dashboards/team-b/b1.json now holds uid team-b-one (backed up before delete)',
      '- delete        "B two" (uid b2, live version 1) in "team-b"; no file in the tree (backed up before delete)',
    ]);
  });

  it('uncommitted, the committed version of the path tells the same', async () => {
    const { settings, grafana, write } = await appliedTree();
    await write('team-b/b1.json', { panels: [], title: 'B one', uid: 'team-b-one' });

    const text = renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false });
    expect(text).toContain('dashboards/team-b/b1.json changed its uid b1 → team-b-one');
  });
});
