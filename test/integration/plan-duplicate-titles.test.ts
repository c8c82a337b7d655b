import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { InputError } from '../../src/errors.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** The audit's tree (F7): three files of one title in dashboards/bad, one elsewhere; settings and port against a new sandbox. */
function threeOfOneTitle(grafanaVersion: '11.2' | '12') {
  return treeOnSandbox(grafanaVersion, {
    'bad/b3.json': { panels: [], title: 't', uid: 'bad-3' },
    'bad/b6.json': { panels: [], title: 'T ', uid: 'bad-6' },
    'bad/b9.json': { panels: [], title: 't', uid: 'bad-9' },
    'good/ok.json': { panels: [], title: 't', uid: 'ok' },
  });
}

async function treeOnSandbox(grafanaVersion: '11.2' | '12', files: Record<string, unknown>) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-dup-titles-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), `${JSON.stringify(content, null, 2)}\n`);
  }
  const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { sandbox, settings, grafana };
}

const writes = (sandbox: { requests(): { method: string }[] }) => sandbox.requests().filter((r) => r.method !== 'GET');

describe('two files of one title in one folder', () => {
  it('11.2: the plan fails with one line per file that could not be saved, naming both files and the folder, and nothing is written', async () => {
    const { sandbox, settings, grafana } = await threeOfOneTitle('11.2');
    const error = await createPlan({ settings, grafana, git: GIT }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputError);
    const refusal = 'this Grafana (11.2.10) refuses a second dashboard of one title in a folder, so apply would save one and fail the other; retitle one of the two files, or move one to another folder';
    expect((error as InputError).diagnostics).toEqual([
      { file: 'dashboards/bad/b6.json', line: 3, col: 12, severity: 'error', rule: 'title-duplicate-in-folder', message: `title "T" is also the title of dashboards/bad/b3.json, and both go to folder "bad": ${refusal}` },
      { file: 'dashboards/bad/b9.json', line: 3, col: 12, severity: 'error', rule: 'title-duplicate-in-folder', message: `title "t" is also the title of dashboards/bad/b3.json, and both go to folder "bad": ${refusal}` },
    ]);
    expect((error as InputError).afterReads).toBe(true);
    expect(writes(sandbox)).toEqual([]);
  });

  it('11.2: apply without a saved plan stops the same way, before any write', async () => {
    const { sandbox, settings, grafana } = await threeOfOneTitle('11.2');
    const error = await runApply({ settings, grafana, env: {}, force: false }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostics.map((d) => d.file)).toEqual(['dashboards/bad/b6.json', 'dashboards/bad/b9.json']);
    expect(writes(sandbox)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/search?type=dash-db')).body).toEqual([]);
  });

  it('12 allows it: a warning that names the other file as this tree\'s, not as a dashboard Grafana already has', async () => {
    const { settings, grafana } = await threeOfOneTitle('12');
    const plan = await createPlan({ settings, grafana, git: GIT });

    const clashes = renderPlanText(plan, { color: false }).split('\n').filter((line) => line.includes('title clash'));
    expect(clashes).toEqual([
      '  ! title clash: bad-3 "t" goes to folder "bad", and the file dashboards/bad/b6.json in this tree (dashboard bad-6) has the same title (this Grafana allows it, as 11.3 and later do: the folder then lists two dashboards of that title)',
      '  ! title clash: bad-9 "t" goes to folder "bad", and the file dashboards/bad/b3.json in this tree (dashboard bad-3) has the same title (this Grafana allows it, as 11.3 and later do: the folder then lists two dashboards of that title)',
    ]);
  });

  it('11.2: titles whose slugs differ in Grafana (Cyrillic, ü, &) plan and apply, though a slug of Latin letters only would merge them', async () => {
    const pairs = [['Kafka (прод)', 'Kafka (тест)'], ['Müller', 'Muller'], ['R&D', 'R D']];
    const files = Object.fromEntries(pairs.flat().map((title, i) => [`team/d${i}.json`, { panels: [], title, uid: `d${i}` }]));
    const { sandbox, settings, grafana } = await treeOnSandbox('11.2', files);
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(renderPlanText(plan, { color: false })).not.toContain('title clash');

    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.created.length, result?.failures]).toEqual([6, []]);
    const saved = (await apiRequest(sandbox, 'GET', '/api/search?type=dash-db')).body as { title: string }[];
    expect(saved.map((hit) => hit.title).sort()).toEqual(pairs.flat().sort());
  });

  it('11.2: titles whose slugs only may be equal (`CPU usage`, `cpu-usage`) are a title-clash warning, not an error', async () => {
    const { settings, grafana } = await treeOnSandbox('11.2', {
      'team/a.json': { panels: [], title: 'CPU usage', uid: 'a' },
      'team/b.json': { panels: [], title: 'cpu-usage', uid: 'b' },
    });
    const plan = await createPlan({ settings, grafana, git: GIT });
    const clashes = renderPlanText(plan, { color: false }).split('\n').filter((line) => line.includes('title clash'));
    expect(clashes).toEqual([
      '  ! title clash: a "CPU usage" goes to folder "team", and the file dashboards/team/b.json in this tree (dashboard b) has the same title (Grafana 11.2 and older refuse it)',
    ]);
  });
});

describe('dashboards that swap titles in one folder (audit-ux-7 F15)', () => {
  const swap = async (grafanaVersion: '11.2' | '12') => {
    const tree = await treeOnSandbox(grafanaVersion, {
      'team/x.json': { panels: [], title: 'Latency', uid: 'x' },
      'team/y.json': { panels: [], title: 'Errors', uid: 'y' },
    });
    await runApply({ settings: tree.settings, grafana: tree.grafana, env: {}, force: false });
    const dir = tree.settings.root;
    await writeFile(join(dir, 'team/x.json'), `${JSON.stringify({ panels: [], title: 'Errors', uid: 'x' }, null, 2)}\n`);
    await writeFile(join(dir, 'team/y.json'), `${JSON.stringify({ panels: [], title: 'Latency', uid: 'y' }, null, 2)}\n`);
    return tree;
  };

  it('11.2: the plan is refused with one line naming both files and what to do, and nothing is written', async () => {
    const { sandbox, settings, grafana } = await swap('11.2');
    const before = writes(sandbox).length;
    const error = await createPlan({ settings, grafana, git: GIT }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostics).toEqual([{
      file: 'dashboards/team/x.json',
      line: 3,
      col: 12,
      severity: 'error',
      rule: 'title-swap',
      message:
        'dashboards x, y would take each other\'s title (dashboards/team/x.json takes "Errors" from dashboards/team/y.json in folder "team"; ' +
        'dashboards/team/y.json takes "Latency" from dashboards/team/x.json in folder "team"), and this Grafana (11.2.10) refuses a title twice in a folder, ' +
        'so none of them can be saved first: retitle one of them in a commit of its own first (a title no dashboard has), apply, then give it its final title',
    }]);
    expect(writes(sandbox).length).toBe(before);
  });

  it('11.2: a title handed on in a chain is saved after the dashboard that gives it up, and applies', async () => {
    const { sandbox, settings, grafana } = await swap('11.2');
    const dir = settings.root;
    await writeFile(join(dir, 'team/y.json'), `${JSON.stringify({ panels: [], title: 'Saturation', uid: 'y' }, null, 2)}\n`);
    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.updated.length, result?.failures]).toEqual([2, []]);
    const saved = (await apiRequest(sandbox, 'GET', '/api/search?type=dash-db')).body as { uid: string; title: string }[];
    expect(saved.map((hit) => `${hit.uid} ${hit.title}`).sort()).toEqual(['x Errors', 'y Saturation']);
  });

  it('12 allows a title twice: the swap plans as two updates', async () => {
    const { settings, grafana } = await swap('12');
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.actions.filter((action) => action.action === 'update').map((action) => action.uid)).toEqual(['x', 'y']);
  });

  // walk-64 L4: an adopted Grafana 12 with two "Overview" in one folder warned "Grafana 11.2 and older refuse it" on every plan
  // that wrote either of them; 12 takes the pair, which Grafana already holds together.
  it('12: two dashboards Grafana already holds in one folder under one title are not named when the plan writes them; a third it adds is', async () => {
    const { sandbox, settings, grafana } = await treeOnSandbox('12', {
      'pay/_folder.json': { uid: 'pay', title: 'Payments' },
      'pay/a.json': { panels: [{ id: 1, type: 'text', title: 'edited' }], title: 'Overview', uid: 'ov-a' },
      'pay/b.json': { panels: [{ id: 1, type: 'text', title: 'edited' }], title: 'Overview', uid: 'ov-b' },
    });
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'pay', title: 'Payments' });
    for (const uid of ['ov-a', 'ov-b']) await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: 'Overview', panels: [] }, folderUid: 'pay' });
    const clashes = async () => renderPlanText(await createPlan({ settings, grafana, git: GIT }), { color: false }).split('\n').filter((line) => line.includes('title clash'));

    expect(await clashes()).toEqual([]);

    await writeFile(join(settings.root, 'pay/c.json'), `${JSON.stringify({ panels: [], title: 'Overview', uid: 'ov-c' }, null, 2)}\n`);
    expect(await clashes()).toEqual([
      '  ! title clash: ov-c "Overview" goes to folder "Payments", and the file dashboards/pay/a.json in this tree (dashboard ov-a) has the same title (this Grafana allows it, as 11.3 and later do: the folder then lists two dashboards of that title)',
    ]);
  });
});
