import { execFileSync } from 'node:child_process';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsNotSeenMessage } from '../../helpers/labels-not-seen.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { GRAFANA_VERSIONS, copyFixture, dashsync, editJson, lines, seedLive, writeJson } from './plan-fixture.js';

/** The basic fixture, applied, then: one query changed, overview moved into apps, one new file. */
async function changedTree(handle: Parameters<typeof seedLive>[0]): Promise<string> {
  const dir = await copyFixture('basic');
  await seedLive(handle, dir);
  await editJson(dir, 'dashboards/infra/node-cpu.json', (model) => {
    model.panels[0].targets[0].expr = 'rate(node_cpu_seconds_total[1m])';
  });
  await rename(join(dir, 'dashboards/overview.json'), join(dir, 'dashboards/apps/overview.json'));
  await writeJson(dir, 'dashboards/infra/disk.json', { uid: 'node-disk', title: 'Node <Disk>', panels: [] });
  return dir;
}

function commitAll(dir: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=Plan Tester', '-c', 'user.email=tester@example.com', 'commit', '-qm', 'Tune CPU panel');
  return git('rev-parse', 'HEAD');
}

describe.each(GRAFANA_VERSIONS)('plan output formats against Grafana %s', (grafanaVersion) => {
  it('--format markdown: summary, a table of changed dashboards and a collapsible diff each', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await changedTree(handle);
    const health = (await (await fetch(`${handle.url}/api/health`)).json()) as { version: string };

    const result = await dashsync(handle, dir, ['plan', '--format', 'markdown', '--detailed-exitcode']);

    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([
      '## dashsync plan',
      '',
      `Target: \`${handle.url}\` (org 1, from the credentials) through /api · Grafana ${health.version}`,
      '',
      '**Plan: 1 to create, 1 to update, 1 to move**',
      '',
      '1 unchanged.',
      '',
      ...(grafanaVersion === '13'
        ? [
            '> [!WARNING]',
            `> - ${labelsNotSeenMessage(2)}`,
            '',
            '> [!NOTE]',
            '> - recently deleted: not checked: api "legacy" never reads /apis, where Grafana 13 keeps "Recently deleted"; dashsync plan --api auto names a create whose uid was deleted there',
            '',
          ]
        : []),
      '| Action | Dashboard | uid | Folder | File | Changes |',
      '| --- | --- | --- | --- | --- | --- |',
      '| 🔵 move | Overview | `overview` | Applications | `dashboards/apps/overview.json` | folder |',
      '| 🟢 create | Node &lt;Disk&gt; | `node-disk` | Infrastructure | `dashboards/infra/disk.json` | new |',
      '| 🟡 update | Node CPU | `node-cpu` | Infrastructure | `dashboards/infra/node-cpu.json` | 1 field |',
      '',
      '<details><summary>🔵 move <code>overview</code> Overview (folder)</summary>',
      '',
      '```diff',
      '! folder: General → "Applications"',
      '```',
      '',
      '</details>',
      '',
      '<details><summary>🟡 update <code>node-cpu</code> Node CPU (1 field)</summary>',
      '',
      '```diff',
      '- panels[id=4 "CPU"].targets[0].expr: "rate(node_cpu_seconds_total[5m])"',
      '+ panels[id=4 "CPU"].targets[0].expr: "rate(node_cpu_seconds_total[1m])"',
      '```',
      '',
      '</details>',
    ]);
    expect(result.code).toBe(2);
  });

  it('--format json prints the public JSON with target, git and live versions; --out saves the plan (format 2) with the same', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await changedTree(handle);
    const sha = commitAll(dir);
    const token = await handle.createToken('Editor');

    const result = await dashsync(handle, dir, ['plan', '--format', 'json', '--out', 'plan.json'], { kind: 'token', token });

    expect(result.stderr).toBe('Saved the plan to plan.json; apply it with: dashsync apply plan.json\n');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    const saved = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    const header = {
      tool: { name: 'dashsync' },
      target: { url: handle.url, orgId: null },
      git: { sha, subject: 'Tune CPU panel', actor: 'Plan Tester' },
      root: 'dashboards',
      prune: false,
      summary: { create: 1, update: 1, move: 1, delete: 0, unchanged: 1, folderCreate: 0, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 },
    };
    expect(printed).toMatchObject({ formatVersion: 1, output: 'dashsync plan --format json', ...header });
    expect(saved).toMatchObject({ formatVersion: 2, ...header, createdAt: printed.createdAt, settingsHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect([printed.target.api, saved.target.api]).toEqual(['legacy', 'legacy']);
    // docs/plan-json.md promises it: a script reads which org a plan without GRAFANA_ORG_ID was made in.
    expect([printed.target.credentialsOrgId, saved.target.credentialsOrgId]).toEqual([1, 1]);
    expect(new Date(printed.createdAt).toISOString()).toBe(printed.createdAt);
    const byUid = Object.fromEntries(printed.dashboards.map((d: { uid: string }) => [d.uid, d]));
    expect(byUid['node-disk']).toMatchObject({ action: 'create', file: 'dashboards/infra/disk.json', folderUid: 'infra', live: null });
    expect(byUid['node-cpu']).toMatchObject({
      action: 'update',
      file: 'dashboards/infra/node-cpu.json',
      folderUid: 'infra',
      live: { version: 1, folderUid: 'infra', folderTitle: 'Infrastructure', title: 'Node CPU', updatedBy: 'admin', provisioned: false },
      changes: [
        { path: 'panels[id=4 "CPU"].targets[0].expr', kind: 'changed', before: 'rate(node_cpu_seconds_total[5m])', after: 'rate(node_cpu_seconds_total[1m])' },
      ],
    });
    expect(byUid.overview).toMatchObject({ action: 'move', folderUid: 'apps', live: { version: 1, folderUid: null } });
    for (const action of printed.dashboards) expect(action.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(printed.folders.map((f: { uid: string; action: string }) => `${f.action} ${f.uid}`)).toEqual(['folder-noop apps', 'folder-noop infra']);
    // The saved plan holds the same decisions as resource actions, each naming what it depends on.
    expect(saved.actions.map((a: { kind: string; action: string; uid: string }) => `${a.kind} ${a.action} ${a.uid}`)).toEqual([
      'folder noop apps',
      'folder noop infra',
      'dashboard noop api-latency',
      'dashboard move overview',
      'dashboard create node-disk',
      'dashboard update node-cpu',
    ]);
    const savedByUid = Object.fromEntries(saved.actions.map((a: { kind: string; uid: string }) => [`${a.kind}:${a.uid}`, a]));
    expect(savedByUid['dashboard:node-cpu']).toMatchObject({ action: 'update', live: { revision: '1', version: 1 }, dependsOn: ['folder:infra'], changes: byUid['node-cpu'].changes });
    expect(savedByUid['dashboard:node-disk']).toMatchObject({ action: 'create', live: null, dependsOn: ['folder:infra'], contentHash: byUid['node-disk'].contentHash });
    expect(savedByUid['dashboard:overview']).toMatchObject({ action: 'move', folderUid: 'apps', live: { revision: '1', folderUid: null }, dependsOn: ['folder:apps'] });
    // No credential anywhere the plan goes.
    for (const text of [await readFile(join(dir, 'plan.json'), 'utf8'), result.stdout, result.stderr]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(5, 20));
      expect(text.toLowerCase()).not.toContain('bearer');
      expect(text.toLowerCase()).not.toContain('authorization');
    }
  });

  it('--out with basic auth holds neither the password nor the Authorization value', async () => {
    const password = 'Plan-S3cret-pw';
    const handle = await startTestSandbox({ grafanaVersion, adminPassword: password });
    const dir = await copyFixture('basic');

    const result = await dashsync(handle, dir, ['plan', '--out', 'plan.json', '--format', 'json'], { kind: 'basic', user: 'admin', password });

    expect(result.code).toBe(0);
    const file = await readFile(join(dir, 'plan.json'), 'utf8');
    const basic = Buffer.from(`admin:${password}`).toString('base64');
    for (const text of [file, result.stdout, result.stderr]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(basic);
      expect(text.toLowerCase()).not.toContain('basic ');
    }
    expect(JSON.parse(file).target).toEqual({ url: handle.url, urlSha256: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), orgId: null, grafanaVersion: expect.any(String), api: 'legacy', environment: null, credentialsOrgId: 1 });
  });

  it('colours only on request when stdout is not a terminal: --color forces them, NO_COLOR and pipes keep them off', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');

    const forced = await dashsync(handle, dir, ['plan', '--color']);
    const piped = await dashsync(handle, dir, ['plan']);

    expect(forced.stdout).toContain('\u001b[32m+ create        dashboards/overview.json');
    expect(piped.stdout).not.toContain('\u001b[');
    expect(piped.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(forced.stdout.replace(/\u001b\[[0-9;]*m/g, ''));
  });
});

describe('a plan whose requests Grafana answered only when sent again', () => {
  it('says so where each format is read: --format markdown ends with the note, --format json carries it as `retried`, the terminal gets the note on stderr', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await changedTree(handle);
    const refuseFirstSearch = () => handle.setFaults({ methods: ['GET'], pathPrefix: '/api/search', script: [{ kind: 'status', status: 503 }] });

    refuseFirstSearch();
    const markdown = await dashsync(handle, dir, ['plan', '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/<\/details>\n\n> \[!NOTE\]\n> - 1 request retried \(503: 1\)\n$/);
    expect(markdown.stderr).toBe('note: 1 request retried (503: 1)\n');

    refuseFirstSearch();
    const json = await dashsync(handle, dir, ['plan', '--format', 'json']);
    expect(JSON.parse(json.stdout).retried).toEqual({ requests: 1, retries: 1, reasons: { '503': 1 } });
    expect(json.stderr).toBe('note: 1 request retried (503: 1)\n');

    handle.setFaults(undefined);
    expect(JSON.parse((await dashsync(handle, dir, ['plan', '--format', 'json'])).stdout)).not.toHaveProperty('retried');
    expect((await dashsync(handle, dir, ['plan', '--format', 'markdown'])).stdout).not.toContain('[!NOTE]');
  });
});
