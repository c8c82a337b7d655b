import { describe, expect, it } from 'vitest';
import { labelsNotSeenMessage } from '../../helpers/labels-not-seen.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { GRAFANA_VERSIONS, copyFixture, dashsync, editJson, getLive, lines, readJson, saveLive, seedLive, writeJson, planHeading } from './plan-fixture.js';

/** Who /api's history says made a save with this service account token: its name (12+), Anonymous (11.2). */
async function saverNameOf(handle: { url: string }, token: string, grafanaVersion: string): Promise<string> {
  // 11.2 names a service account Anonymous; the drift line says what that word stands for (provisioning-52).
  if (grafanaVersion === '11.2') return 'Anonymous (a saver Grafana cannot name: file provisioning, an account deleted since, or a service account on Grafana 11.2–11.5 or 12.0–12.2)';
  const user = await apiRequest(handle, 'GET', '/api/user', undefined, bearerHeaders(token));
  return user.body.name as string;
}

describe.each(GRAFANA_VERSIONS)('plan warnings against Grafana %s', (grafanaVersion) => {
  it('warns about drift when another user saved the dashboard in Grafana, naming who, when and which version', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    const editor = await handle.createToken('Editor');
    const { dashboard } = await getLive(handle, 'node-cpu');
    dashboard.panels[1].title = 'Load average';
    dashboard.title = 'Node CPU (ops)';
    const { version } = await saveLive(handle, dashboard, 'infra', 'tweaked in the UI', bearerHeaders(editor));
    const { meta } = await getLive(handle, 'node-cpu');

    const result = await dashsync(handle, dir, ['plan']);

    const savedBy = await saverNameOf(handle, editor, grafanaVersion);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([
      planHeading(handle.url),
      '',
      `~ update        dashboards/infra/node-cpu.json "Node CPU" (uid node-cpu, live version ${version}) in "Infrastructure": 2 fields`,
      '      ~ panels[id=5].title: "Load average" → "Load"',
      '      ~ title: "Node CPU (ops)" → "Node CPU"',
      '',
      'Warnings:',
      `  ! drift: node-cpu "Node CPU (ops)" was last saved in Grafana by ${savedBy} at ${meta.updated} (version ${version}, "tweaked in the UI"), ` +
        'not by dashsync; applying replaces that version with the file: the edit is lost unless the file already holds it (to bring it in, run dashsync pull node-cpu first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two)',
      ...(grafanaVersion === '13' ? [`  ! ${labelsNotSeenMessage(1)}`] : []),
      '',
      'Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 2 unchanged.',
    ]);
    expect(result.code).toBe(0);
  });

  it('does not report drift for a dashboard dashsync created ("Initial save" by the same login), but does for one another identity Grafana names created', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    const editor = await handle.createToken('Editor');
    const overview = await readJson(dir, 'dashboards/overview.json');
    // Version 1 of each: the versions list shows "Initial save" instead of the message sent.
    await saveLive(handle, { ...overview, title: 'Overview (old)' }, '', 'dashsync: abc123 first apply');
    const cpu = await readJson(dir, 'dashboards/infra/node-cpu.json');
    await apiRequest(handle, 'POST', '/api/folders', { uid: 'infra', title: 'Infrastructure' });
    await saveLive(handle, { ...cpu, tags: ['made-in-ui'] }, 'infra', '', bearerHeaders(editor));
    const versions = await apiRequest(handle, 'GET', '/api/dashboards/uid/overview/versions');
    const list = Array.isArray(versions.body) ? versions.body : versions.body.versions;
    expect(list[0].message).toBe('Initial save');

    const result = await dashsync(handle, dir, ['plan']);

    // Grafana 13 through /api adds its once-per-plan "labels not seen" warning (plan-output covers it): not what this test is about.
    const warnings = lines(result.stdout).filter((line) => line.startsWith('  ! ') && !line.startsWith('  ! labels not seen: '));
    expect(result.code).toBe(0);
    if (grafanaVersion === '11.2') {
      // 11.2 names every service account's save Anonymous: who created it cannot be told, so it is not called drift.
      expect(warnings).toEqual([]);
      return;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^ {2}! drift: node-cpu "Node CPU" was last saved in Grafana by ${await saverNameOf(handle, editor, grafanaVersion)} at .* \\(version 1, "Initial save"\\)`));
  });

  it('plans with a read-only (Viewer) token: drift is reported as not checked instead of failing', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await editJson(dir, 'dashboards/overview.json', (model) => {
      model.tags = ['team', 'home'];
    });
    const viewer = await handle.createToken('Viewer');

    const result = await dashsync(handle, dir, ['plan', '--detailed-exitcode'], { kind: 'token', token: viewer });

    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toContain(
      '  ! drift not checked for 1 dashboard (overview): these credentials may not read version history (Grafana answers 403; ' +
        "it needs dashboards:write: Edit on the dashboard's folder), so edits made in Grafana cannot be detected; plan with credentials that may edit them to see them" +
        '; on Grafana 12 and later, plan through /apis (api auto or k8s), whose history any reader of the dashboard may list',
    );
    expect(lines(result.stdout).at(-1)).toBe('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 2 unchanged.');
    expect(result.code).toBe(2);
  });

  it('leaves a provisioned dashboard alone: no write planned, a warning instead', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    const overview = await readJson(dir, 'dashboards/overview.json');
    await apiRequest(handle, 'DELETE', '/api/dashboards/uid/overview');
    if (grafanaVersion === '11.2') await apiRequest(handle, 'DELETE', '/api/dashboards/uid/overview/trash');
    await handle.provisionDashboard({ dashboard: { ...overview, tags: ['provisioned'] }, externalId: 'overview.json' });

    const result = await dashsync(handle, dir, ['plan', '--detailed-exitcode']);

    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([
      planHeading(handle.url),
      '',
      'Warnings:',
      '  ! provisioned: overview "Overview" (dashboards/overview.json) is provisioned in Grafana from a file that does not allow UI updates; ' +
        'dashsync leaves it untouched (1 difference not applied)',
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged, 1 left to its owner.',
    ]);
    expect(result.code).toBe(0);
  });

  it('names the move among the differences left to the owner of a provisioned dashboard (walk-62 L5: a move alone read "0 differences")', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    const cpu = await readJson(dir, 'dashboards/infra/node-cpu.json');
    await apiRequest(handle, 'DELETE', '/api/dashboards/uid/node-cpu');
    if (grafanaVersion === '11.2') await apiRequest(handle, 'DELETE', '/api/dashboards/uid/node-cpu/trash');
    // Provisioned at the General level, where the file is in dashboards/infra ("Infrastructure").
    await handle.provisionDashboard({ dashboard: cpu, externalId: 'node-cpu.json' });

    const result = await dashsync(handle, dir, ['plan', '--format', 'json']);

    expect(result.stderr).toBe('');
    const plan = JSON.parse(result.stdout) as { warnings: Record<string, unknown>[]; summary: Record<string, number> };
    expect(plan.warnings.filter((warning) => warning.kind === 'provisioned')).toEqual([
      {
        kind: 'provisioned',
        uid: 'node-cpu',
        title: 'Node CPU',
        message: 'node-cpu "Node CPU" (dashboards/infra/node-cpu.json) is provisioned in Grafana from a file that does not allow UI updates; dashsync leaves it untouched (its move from General to "Infrastructure" not applied)',
        manager: 'provisioning',
        moveNotApplied: { fromFolderUid: null, toFolderUid: 'infra' },
      },
    ]);
    expect(plan.summary).toMatchObject({ move: 0, update: 0 });
    const message = plan.warnings.find((warning) => warning.kind === 'provisioned')!.message as string;
    const text = lines((await dashsync(handle, dir, ['plan'])).stdout);
    expect(text).toContain(`  ! provisioned: ${message}`);
    expect((await dashsync(handle, dir, ['plan', '--format', 'markdown'])).stdout).toContain(`> - provisioned: ${message}\n`);
    expect(text.at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged, 1 left to its owner.');
  });

  it('warns when a new dashboard takes a title another dashboard already has in its folder', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await saveLive(handle, { uid: 'someone-elses', title: 'Team Board', panels: [] }, 'infra', 'made in the UI');
    const board = await readJson(dir, 'dashboards/overview.json');
    await writeJson(dir, 'dashboards/infra/team-board.json', { ...board, uid: 'team-board', title: 'team board' });

    const result = await dashsync(handle, dir, ['plan']);

    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toContain(
      `  ! title clash: team-board "team board" goes to folder "Infrastructure", where dashboard someone-elses already has that title ${grafanaVersion === '11.2' ? '(Grafana 11.2 and older refuse it)' : '(this Grafana allows it, as 11.3 and later do: the folder then lists two dashboards of that title)'}`,
    );
    expect(result.code).toBe(0);
  });

  it('refuses on 11.2 (not on 12 and 13) a new dashboard with the uid of a live folder', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await apiRequest(handle, 'POST', '/api/folders', { uid: 'overview', title: 'Overview folder' });

    const result = await dashsync(handle, dir, ['plan']);

    if (grafanaVersion === '11.2') {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('dashboards/overview.json: error: uid "overview" is the uid of folder "Overview folder" in Grafana, and this Grafana keeps folders and dashboards in one uid space');
      expect(result.stdout).toBe('');
      return;
    }
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('uid clash');
    expect(lines(result.stdout)).toContain('+ create        dashboards/overview.json "Overview" (uid overview) in General');
  });
});
