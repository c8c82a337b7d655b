import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanComment } from '../../src/action/render-plan-comment.js';
import { escapeMarkdown } from '../../src/report/escape-untrusted.js';
import { toPlanJson } from '../../src/report/render-plan-json.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { commitAll } from '../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** team/x "Latency" and team/y "Errors", committed and applied with --prune all, on 11.2 (stock: no "Recently deleted"), as an org Admin. */
async function appliedTree(options: { recentlyDeleted?: boolean; deleteMode?: 'hard' } = {}) {
  const sandbox = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: options.recentlyDeleted ?? false } });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-title-prune-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const write = (path: string, content: unknown) => writeFile(join(dir, 'dashboards', path), `${JSON.stringify(content, null, 2)}\n`);
  await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
  await write('team/x.json', { panels: [], title: 'Latency', uid: 'x' });
  await write('team/y.json', { panels: [], title: 'Errors', uid: 'y' });
  await commitAll(dir, 'first');
  const settings = await loadSettings({ flags: { api: 'legacy', prune: 'all', ...(options.deleteMode ? { deleteMode: options.deleteMode } : {}) }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  await runApply({ settings, grafana, env: {}, force: false });
  const titles = async () => ((await apiRequest(sandbox, 'GET', '/api/search?type=dash-db')).body as { uid: string; title: string }[]).map((hit) => `${hit.uid} ${hit.title}`).sort();
  return { settings, grafana, write, dir, titles };
}

describe('a dashboard that takes the title of one the same plan prunes (Grafana ≤ 11.2)', () => {
  it('11.2: a new file with the pruned dashboard\'s title applies: that delete goes first, backed up', async () => {
    const { settings, grafana, write, dir, titles } = await appliedTree();
    await rm(join(dir, 'dashboards', 'team', 'y.json'));
    await write('team/z.json', { panels: [], title: 'Errors', uid: 'z' });
    await commitAll(dir, 'z takes y\'s title');

    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.created, result?.deleted, result?.backups.length, result?.failures]).toEqual([['z'], ['y'], 1, []]);
    expect(await titles()).toEqual(['x Latency', 'z Errors']);
  });

  it('11.2: a file whose uid changed keeps its title: the old uid\'s delete goes first, and its line says which uid the file holds now', async () => {
    const { settings, grafana, write, dir, titles } = await appliedTree();
    await write('team/y.json', { panels: [], title: 'Errors', uid: 'team-errors' });
    await commitAll(dir, 'new uid');

    const plan = await createPlan({ settings, grafana, git: GIT });
    const text = renderPlanText(plan, { color: false });
    expect(text.split('\n').filter((line) => line.includes('(uid y,'))).toEqual([
      '- delete        "Errors" (uid y, live version 1) in "team"; its file dashboards/team/y.json now holds uid team-errors (backed up before delete)',
    ]);
    // The JSON and the PR comment say it too.
    expect(toPlanJson(plan).dashboards.filter((d) => d.action === 'delete').map((d) => [d.uid, d.replacedBy])).toEqual([['y', { file: 'dashboards/team/y.json', uid: 'team-errors' }]]);
    const comment = renderPlanComment(plan, { marker: '<!-- m -->', summaryUrl: undefined });
    expect(comment.split('\n').filter((line) => line.includes('`y`'))).toEqual([
      '| 🔴 delete | Errors | `y` | team | — (`dashboards/team/y.json` now holds uid `team-errors`) | uid changed |',
    ]);
    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.created, result?.deleted, result?.failures]).toEqual([['team-errors'], ['y'], []]);
    expect(await titles()).toEqual(['team-errors Errors', 'x Latency']);
  });

  it('11.2 with "Recently deleted" on: the plan warns that the trash keeps the title taken; --delete-mode hard purges it and the save goes through', async () => {
    const soft = await appliedTree({ recentlyDeleted: true });
    await rm(join(soft.dir, 'dashboards', 'team', 'y.json'));
    await soft.write('team/z.json', { panels: [], title: 'Errors', uid: 'z' });
    await commitAll(soft.dir, 'z takes y\'s title');
    const softPlan = await createPlan({ settings: soft.settings, grafana: soft.grafana, git: GIT });
    const warning =
      'dashboards/team/z.json takes the title "Errors" from y, which this plan deletes, but this Grafana keeps a deleted dashboard in "Recently deleted" with its title ' +
      'still taken in the folder, so the save will be refused: apply with --delete-mode hard as an org Admin (the purge frees the title), or give the file another title';
    const text = renderPlanText(softPlan, { color: false });
    expect(text.split('\n').filter((line) => line.includes('Recently deleted'))).toEqual([`  ! ${warning}`]);
    expect(toPlanJson(softPlan).warnings.filter((w) => w.kind === 'title-held-in-trash')).toEqual([
      { kind: 'title-held-in-trash', uid: 'z', title: 'Errors', file: 'dashboards/team/z.json', deletedUid: 'y' },
    ]);
    expect(renderPlanComment(softPlan, { marker: '<!-- m -->', summaryUrl: undefined })).toContain(`> - ${escapeMarkdown(warning)}`);

    const hard = await appliedTree({ recentlyDeleted: true, deleteMode: 'hard' });
    await rm(join(hard.dir, 'dashboards', 'team', 'y.json'));
    await hard.write('team/z.json', { panels: [], title: 'Errors', uid: 'z' });
    await commitAll(hard.dir, 'z takes y\'s title');
    expect(renderPlanText(await createPlan({ settings: hard.settings, grafana: hard.grafana, git: GIT }), { color: false })).not.toContain('Recently deleted');
    const { result } = await runApply({ settings: hard.settings, grafana: hard.grafana, env: {}, force: false });
    expect([result?.created, result?.deleted, result?.failures]).toEqual([['z'], ['y'], []]);
    expect(await hard.titles()).toEqual(['x Latency', 'z Errors']);
  });
});
