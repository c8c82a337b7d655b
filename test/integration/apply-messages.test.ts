import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import type { ProgressEvent } from '../../src/plan/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderApplyProblems, renderApplySummary } from '../../src/report/render-apply-result.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const HINT = '(these credentials may not write here: they need the Editor role or higher in this org, or Edit permission on the folder)';

/** A tree of the given files (path under dashboards/ → JSON), settings against a new sandbox, and the port, all closed after the test. */
async function treeAgainst(grafanaVersion: '11.2' | '12', files: Record<string, unknown>, options: { api: 'legacy' | 'k8s'; role: 'Viewer' | 'Editor'; concurrency?: number }) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-messages-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), `${JSON.stringify(content, null, 2)}\n`);
  }
  const flags = { api: options.api, ...(options.concurrency ? { concurrency: options.concurrency } : {}) };
  const settings = await loadSettings({ flags, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken(options.role) }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { sandbox, settings, grafana };
}

const dashboardFile = (uid: string, title: string) => ({ panels: [], title, uid });

describe('the apply progress', () => {
  it('counts a dashboard as done before its line is printed, so the bar drawn with the line includes it', async () => {
    const files = Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`d${n}.json`, dashboardFile(`d-${n}`, `D${n}`)]));
    const { settings, grafana } = await treeAgainst('12', files, { api: 'legacy', role: 'Editor', concurrency: 2 });
    const plan = await createPlan({ settings, grafana, git: GIT });

    // What a terminal shows when each line is printed: the count of the bar last drawn.
    let shown: ProgressEvent | undefined;
    const atEachLine: [string, number | undefined][] = [];
    await applyPlan({
      plan,
      settings,
      grafana,
      message: 'dashsync: test',
      force: false,
      onProgress: (event) => (shown = event),
      onEvent: (event: ApplyEvent) => atEachLine.push([event.uid, shown?.done]),
    });
    expect(atEachLine.map(([, done]) => done)).toEqual([1, 2, 3, 4, 5]);
    expect(atEachLine.map(([uid]) => uid).sort()).toEqual(['d-1', 'd-2', 'd-3', 'd-4', 'd-5']);
    expect(shown).toEqual({ phase: 'apply', done: 5, total: 5 });
  });
});

describe('a write refused for a missing role (HTTP 403)', () => {
  it.each(['legacy', 'k8s'] as const)('api %s: each failed line says which role or permission the token needs', async (api) => {
    const files = { 'root.json': dashboardFile('root-1', 'Root'), 'team/svc.json': dashboardFile('svc-1', 'Service'), 'team/_folder.json': { title: 'Team', uid: 'team-f' } };
    const { settings, grafana } = await treeAgainst('12', files, { api, role: 'Viewer' });
    const plan = await createPlan({ settings, grafana, git: GIT });
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });

    const lines = renderApplyProblems(result).split('\n').filter(Boolean);
    const folder = lines.find((line) => line.startsWith('failed: folder-create team-f '))!;
    const dashboard = lines.find((line) => line.startsWith('failed: create root-1 '))!;
    expect(folder).toContain(api === 'legacy' ? 'POST /api/folders failed: HTTP 403' : 'POST /apis/folder.grafana.app/v1beta1/namespaces/default/folders failed: HTTP 403');
    expect(dashboard).toContain(api === 'legacy' ? 'POST /api/dashboards/db failed: HTTP 403' : 'POST /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards failed: HTTP 403');
    for (const line of [folder, dashboard]) expect(line.endsWith(HINT)).toBe(true);
    // The dashboard that waited for the folder says so, with no role hint of its own.
    expect(lines).toContain('failed: create svc-1 "Service": not attempted: its folder team-f could not be made');
    // Counted apart: one folder that could not be made does not read as one more failure per dashboard in it.
    expect(renderApplySummary(result)).toContain('; 2 failed, 1 not attempted');
  });

  it.each(['legacy', 'k8s'] as const)('api %s: the hint once, then one short line per dashboard refused for the same reason', async (api) => {
    const files = Object.fromEntries([1, 2, 3].map((n) => [`d${n}.json`, dashboardFile(`d-${n}`, `D${n}`)]));
    const { settings, grafana } = await treeAgainst('12', files, { api, role: 'Viewer', concurrency: 1 });
    const plan = await createPlan({ settings, grafana, git: GIT });
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });

    const lines = renderApplyProblems(result).split('\n').filter((line) => line.startsWith('failed: '));
    expect(lines).toHaveLength(3);
    expect(lines.filter((line) => line.endsWith(HINT))).toHaveLength(1);
    expect(lines.filter((line) => line.endsWith('failed: HTTP 403, refused as above (no write permission)'))).toHaveLength(2);
  });
});

// walk-68b L1: an Editor token refused by a folder's permissions was told it needs "the Editor role or higher", and no folder.
describe("a save refused by a folder's permissions (the token is an Editor)", () => {
  it('names the folder and the permission it needs there', async () => {
    const files = { 'sec/_folder.json': { title: 'Sec', uid: 'f-sec' }, 'sec/d.json': dashboardFile('sec-d0', 'Sec 0') };
    const { sandbox, settings, grafana } = await treeAgainst('11.2', files, { api: 'legacy', role: 'Editor' });
    expect((await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false })).failures).toEqual([]);
    // Editors lose Edit there: only Viewers' View is left.
    expect((await apiRequest(sandbox, 'POST', '/api/folders/f-sec/permissions', { items: [{ role: 'Viewer', permission: 1 }] })).status).toBe(200);
    await writeFile(join(settings.cwd, 'dashboards/sec/d.json'), `${JSON.stringify({ ...dashboardFile('sec-d0', 'Sec 0'), description: 'edited' }, null, 2)}\n`);

    const result = await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });

    const lines = renderApplyProblems(result).split('\n').filter((line) => line.startsWith('failed: '));
    expect(lines).toEqual([
      expect.stringMatching(/^failed: update sec-d0 "Sec 0": POST \/api\/dashboards\/db failed: HTTP 403: .*\(these credentials may not write here: they need Edit permission on folder "Sec" \(f-sec\), which the Editor role or higher in this org gives unless that folder's permissions leave Editors out, and a grant on it to the account or its team gives too\)$/),
    ]);
  });

  // review-69b L1: Grafana's words are the same in every folder, and the second folder's line said only "refused as above".
  it('names each folder that refused, the second on its short line', async () => {
    const files = {
      'ops/_folder.json': { title: 'Ops', uid: 'f-ops' },
      'ops/d.json': dashboardFile('ops-d', 'Ops D'),
      'sec/_folder.json': { title: 'Sec', uid: 'f-sec' },
      'sec/d.json': dashboardFile('sec-d', 'Sec D'),
    };
    const { sandbox, settings, grafana } = await treeAgainst('11.2', files, { api: 'legacy', role: 'Editor', concurrency: 1 });
    expect((await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false })).failures).toEqual([]);
    for (const [folder, uid, title] of [['ops', 'ops-d', 'Ops D'], ['sec', 'sec-d', 'Sec D']] as const) {
      expect((await apiRequest(sandbox, 'POST', `/api/folders/f-${folder}/permissions`, { items: [{ role: 'Viewer', permission: 1 }] })).status).toBe(200);
      await writeFile(join(settings.cwd, `dashboards/${folder}/d.json`), `${JSON.stringify({ ...dashboardFile(uid, title), description: 'edited' }, null, 2)}\n`);
    }

    const result = await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });

    const lines = renderApplyProblems(result).split('\n').filter((line) => line.startsWith('failed: ')).sort();
    expect(lines).toEqual([
      expect.stringMatching(/^failed: update ops-d "Ops D": POST \/api\/dashboards\/db failed: HTTP 403: .*they need Edit permission on folder "Ops" \(f-ops\), /),
      'failed: update sec-d "Sec D": POST /api/dashboards/db failed: HTTP 403, refused as above (no write permission on folder "Sec" (f-sec))',
    ]);
  });
});

describe('two folders of one title under one parent (Grafana 11.2 refuses the second)', () => {
  async function treeWithTwoTeams(grafanaVersion: '11.2' | '12') {
    const files: Record<string, unknown> = { 'ops/_folder.json': { title: 'Ops', uid: 'ops-f' }, 'ops/d.json': dashboardFile('d-ops', 'D ops') };
    for (const [name, title] of [['team-a', 'Team'], ['team-b', 'team']]) {
      files[`${name}/_folder.json`] = { title, uid: `${name}-f` };
      files[`${name}/d.json`] = dashboardFile(`d-${name}`, `D ${name}`);
    }
    const { sandbox, settings, grafana } = await treeAgainst(grafanaVersion, files, { api: 'legacy', role: 'Editor' });
    // A folder made in Grafana, whose title the tree's ops directory takes.
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'ops-live', title: 'Ops' });
    return { settings, grafana, plan: await createPlan({ settings, grafana, git: GIT }) };
  }

  it('11.2: the plan warns of each clash, naming both directories (or the live folder) and what to do; apply then fails there', async () => {
    const { settings, grafana, plan } = await treeWithTwoTeams('11.2');
    const lines = renderPlanText(plan, { color: false }).split('\n').filter((line) => line.includes('folder title clash'));
    expect(lines).toEqual([
      '  ! folder title clash: directory ops (folder ops-f) would be titled "Ops" in the General level, where folder ops-live (in Grafana, not in the tree) is titled "Ops"; ' +
        'Grafana 11.2 and older refuse two folders of one title under one parent, so apply would fail there: give it another "title" in its _folder.json, or rename the other folder in Grafana',
      '  ! folder title clash: directory team-a (folder team-a-f) would be titled "Team" in the General level, where directory team-b (folder team-b-f) is titled "team"; ' +
        'Grafana 11.2 and older refuse two folders of one title under one parent, so apply would fail there: give one of them another "title" in its _folder.json',
    ]);
    // What the plan foretold: the server refuses ops, and whichever of the two teams comes second (they are created side by side).
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    const refused = result.failures.filter((f) => f.action === 'folder-create');
    expect(refused.map((f) => f.uid).sort()).toEqual(['ops-f', expect.stringMatching(/^team-[ab]-f$/)]);
    const refusal = 'POST /api/folders failed: HTTP 409: a folder or dashboard in the general folder with the same name already exists: ';
    const rule = 'Grafana 11.2 and older refuse two folders of one title under one parent: ';
    refused.sort((a, b) => a.uid.localeCompare(b.uid));
    const team = refused[1]!;
    const [other, otherTitle] = team.uid === 'team-a-f' ? ['team-b', 'team'] : ['team-a', 'Team'];
    expect(refused.map((failure) => failure.message)).toEqual([
      `${refusal}folder ops-live (in Grafana, not in the tree) is titled "Ops" in the General level; ${rule}give it another "title" in its _folder.json, or rename the other folder in Grafana`,
      `${refusal}directory ${other} (folder ${other}-f) is titled "${otherTitle}" in the General level; ${rule}give one of them another "title" in its _folder.json`,
    ]);
  });

  it('11.2: a refused folder beside a visible sibling of its title names that sibling, not hidden folders', async () => {
    const files: Record<string, unknown> = {
      'platform/_folder.json': { title: 'Platform', uid: 'platform' },
      'platform/team-a/_folder.json': { title: 'Team A', uid: 'team-a' },
      'platform/team-a/x.json': dashboardFile('x', 'X'),
      'platform/team-a2/_folder.json': { title: 'Team A', uid: 'team-a2' },
      'platform/team-a2/y.json': dashboardFile('y', 'Y'),
    };
    const { sandbox, settings, grafana } = await treeAgainst('11.2', files, { api: 'legacy', role: 'Editor' });
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'platform', title: 'Platform' });
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team-a', title: 'Team A', parentUid: 'platform' });
    const plan = await createPlan({ settings, grafana, git: GIT });

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.failures.filter((f) => f.action === 'folder-create').map((failure) => [failure.uid, failure.message])).toEqual([
      [
        'team-a2',
        'POST /api/folders failed: HTTP 409: a folder or dashboard in the general folder with the same name already exists: ' +
          'directory platform/team-a (folder team-a) is titled "Team A" in folder platform; ' +
          'Grafana 11.2 and older refuse two folders of one title under one parent: give one of them another "title" in its _folder.json',
      ],
    ]);
  });

  it('11.2: a refused folder whose sibling of that title these credentials cannot see says the holder is probably hidden', async () => {
    const files = { 'ops/_folder.json': { title: 'Ops', uid: 'ops-f' }, 'ops/d.json': dashboardFile('d-ops', 'D ops') };
    const { sandbox, settings, grafana } = await treeAgainst('11.2', files, { api: 'legacy', role: 'Editor' });
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'ops-live', title: 'OPS' });
    await apiRequest(sandbox, 'POST', '/api/folders/ops-live/permissions', { items: [] });
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(renderPlanText(plan, { color: false })).not.toContain('ops-live');

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.failures.filter((f) => f.action === 'folder-create').map((failure) => failure.message)).toEqual([
      'POST /api/folders failed: HTTP 409: a folder or dashboard in the general folder with the same name already exists: ' +
        'no folder these credentials can see in the General level is titled "Ops" (any case): the folder that holds the title is probably hidden from them (folder permissions); ' +
        'Grafana 11.2 and older refuse two folders of one title under one parent: give directory ops (folder ops-f) another "title" in its _folder.json, or ask an admin which folder holds that title',
    ]);
  });

  it('12 allows repeated titles: no warning, and apply makes every folder', async () => {
    const { settings, grafana, plan } = await treeWithTwoTeams('12');
    expect(renderPlanText(plan, { color: false })).not.toContain('folder title clash');
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.foldersCreated.sort()).toEqual(['ops-f', 'team-a-f', 'team-b-f']);
  });
});
