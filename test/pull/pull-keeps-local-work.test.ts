import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { normalizeDashboard } from '../../src/normalize/normalize-dashboard.js';
import { pullDashboards, type PullOptions } from '../../src/pull/pull-dashboards.js';
import { renderPullRefusals } from '../../src/pull/render-pull-result.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { closeClients, portFor } from '../integration/grafana/client-fixture.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { GRAFANA_VERSIONS, commitAll, dashsync, git, makeWorkDir, saveDashboard } from './pull-fixture.js';
import { keepOutsideGit } from '../helpers/outside-git.js';

const INPUTS = { DS_PROMETHEUS: 'prom-main' };

/** Titles carry the uid: Grafana 11.2 refuses two dashboards of one title in a folder. */
function dashboard(uid: string, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { uid, title: `${title} ${uid}`, panels: [{ id: 1, type: 'timeseries', title: 'CPU', targets: [{ expr: 'up' }] }], schemaVersion: 39, ...extra };
}

const text = (model: unknown) => `${JSON.stringify(model, null, 2)}\n`;

describe.each(GRAFANA_VERSIONS)('pull never destroys local work (Grafana %s)', (version) => {
  let handle: SandboxHandle;
  let seq = 0;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion: version });
  });
  afterEach(closeClients);

  /** A work directory whose tree holds one dashboard (`uid`), applied by dashsync; committed unless `git: false`. */
  async function applied(model: Record<string, unknown>, options: { git?: boolean } = {}): Promise<{ work: string; file: string }> {
    // Outside git means in no repository, wherever TMPDIR lies.
    const work = options.git === false ? keepOutsideGit(await makeWorkDir()) : await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ inputs: INPUTS }));
    const file = join(work, 'dashboards', `${String(model.uid)}.json`);
    await writeFile(file, text(model));
    if (options.git !== false) await commitAll(work, 'dashboards');
    const apply = await dashsync(handle, work, ['apply']);
    expect(apply.code, apply.stderr).toBe(0);
    return { work, file };
  }

  function pull(work: string, uid: string, options: Partial<PullOptions> = {}) {
    return pullDashboards({
      settings: { root: 'dashboards', cwd: work, inputs: INPUTS, minRefreshInterval: '5s', concurrency: 4 },
      grafana: portFor(handle),
      scope: { kind: 'uids', uids: [uid] },
      prune: false,
      dryRun: false,
      ...options,
    });
  }

  async function liveFile(uid: string): Promise<string> {
    const live = await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`);
    return canonicalJson(normalizeDashboard(live.body.dashboard, { minRefreshInterval: '5s' }));
  }

  const nextUid = (name: string) => `${name}-${(seq += 1)}`;

  it('committed and unchanged, edited in Grafana by a person: takes Grafana\'s version', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    await saveDashboard(handle, dashboard(uid, 'Home (edited in the UI)'));

    const result = await pull(work, uid);

    expect(result.counts).toMatchObject({ updated: 1, kept: 0, refused: 0 });
    expect(await readFile(file, 'utf8')).toBe(await liveFile(uid));
  });

  it('edited and not committed, Grafana untouched since the apply: the edit stays (the issue\'s repro)', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    const edited = text(dashboard(uid, 'Home, renamed in git'));
    await writeFile(file, edited);

    const result = await pull(work, uid);

    expect(result.counts).toMatchObject({ updated: 0, kept: 1, refused: 0 });
    expect(result.events).toEqual([
      { outcome: 'kept', file: `dashboards/${uid}.json`, uid, why: "your edit, not committed; Grafana still has dashsync's version 1" },
    ]);
    expect(await readFile(file, 'utf8')).toBe(edited);
  });

  it('edited here and in Grafana: refused and listed, the file untouched; --force takes Grafana\'s', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    const edited = text(dashboard(uid, 'Home, renamed in git'));
    await writeFile(file, edited);
    await saveDashboard(handle, dashboard(uid, 'Home, renamed in the UI'));

    const refused = await pull(work, uid);

    expect(refused.counts).toMatchObject({ updated: 0, kept: 0, refused: 1 });
    expect(refused.refusedUids).toEqual([uid]);
    expect(refused.events[0]!.why).toMatch(/^changed here \(not committed\) and in Grafana \(version 2 by admin at \S+\)$/);
    expect(await readFile(file, 'utf8')).toBe(edited);

    const forced = await pull(work, uid, { force: true });

    expect(forced.counts).toMatchObject({ updated: 1, refused: 0 });
    expect(JSON.parse(await readFile(file, 'utf8')).title).toBe(`Home, renamed in the UI ${uid}`);
  });

  it('a committed change not applied yet (Grafana still has dashsync\'s version) is the newer intent: kept', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    const next = text(dashboard(uid, 'Home v2'));
    await writeFile(file, next);
    await commitAll(work, 'Home v2');

    const result = await pull(work, uid);

    expect(result.counts).toMatchObject({ kept: 1, updated: 0 });
    expect(result.events[0]!.why).toBe("a committed change not applied yet; Grafana still has dashsync's version 1");
    expect(await readFile(file, 'utf8')).toBe(next);
  });

  it('a moved dashboard whose file is committed moves with Grafana; an uncommitted edit is kept where it is, the move named', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    const folder = await apiRequest(handle, 'POST', '/api/folders', { uid: `apps-${uid}`, title: `Apps ${uid}` });
    expect(folder.status).toBe(200);
    await saveDashboard(handle, dashboard(uid, 'Home'), `apps-${uid}`);
    await writeFile(file, text(dashboard(uid, 'Home, edited')));

    const kept = await pull(work, uid);
    expect(kept.counts).toMatchObject({ kept: 1, refused: 0, moved: 0 });
    expect(kept.events[0]!.why).toMatch(/Grafana moved it to another folder too \(a pull would put it at dashboards\/apps-\S+\/\S+\.json\): the next apply moves it back to this file's folder/);
    expect(JSON.parse(await readFile(file, 'utf8')).title).toBe(`Home, edited ${uid}`);

    await git(work, 'checkout', '--', `dashboards/${uid}.json`);
    const moved = await pull(work, uid);
    expect(moved.counts).toMatchObject({ moved: 1 });
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('outside a git repository: refused when Grafana changed (pull cannot tell), kept when only the file did', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'), { git: false });
    await writeFile(file, text(dashboard(uid, 'Home, edited')));

    const kept = await pull(work, uid);
    expect(kept.counts).toMatchObject({ kept: 1 });
    expect(kept.events[0]!.why).toBe("newer than Grafana, which still has dashsync's version 1");

    await saveDashboard(handle, dashboard(uid, 'Home, edited in the UI'));
    const refused = await pull(work, uid);
    expect(refused.counts).toMatchObject({ refused: 1 });
    expect(refused.events[0]!.why).toMatch(/, and pull cannot tell whether this file holds edits of yours \(not a git repository\)$/);
    expect(JSON.parse(await readFile(file, 'utf8')).title).toBe(`Home, edited ${uid}`);
    // The advice is no git advice: what --force does here, and how to compare.
    const advice = renderPullRefusals(refused);
    expect(advice).toContain(
      `run dashsync pull --force ${uid}: outside git it first copies each file it replaces to .dashsync/pull-backups/<time>/ (the same path below the root), ` +
        `then writes Grafana's version; compare the two with diff -r .dashsync/pull-backups/<time> <root>`,
    );
    expect(advice).not.toMatch(/git diff|commit or stash/);
  });

  it('a Viewer cannot read the version history: a committed file takes Grafana\'s version (with a note), an uncommitted one is refused', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    await saveDashboard(handle, dashboard(uid, 'Home, edited in the UI'));
    const viewer = portFor(handle, { auth: { kind: 'token', token: await handle.createToken('Viewer') } });

    await writeFile(file, text(dashboard(uid, 'Home, edited here')));
    const refused = await pull(work, uid, { grafana: viewer });
    expect(refused.counts).toMatchObject({ refused: 1 });
    expect(refused.events[0]!.why).toBe('changed here (not committed), and these credentials cannot read the version history to tell whether Grafana changed too');

    await git(work, 'checkout', '--', `dashboards/${uid}.json`);
    const adopted = await pull(work, uid, { grafana: viewer });
    expect(adopted.counts).toMatchObject({ updated: 1 });
    expect(adopted.notes.join('\n')).toMatch(/1 file committed in git was replaced by Grafana's version without knowing which side is newer/);
    expect(await readFile(file, 'utf8')).toBe(await liveFile(uid));
  });

  it.skipIf(version === '11.2')('a history Grafana cannot convert (12+: 404 for a dashboard that exists): an uncommitted edit is refused saying so, not blamed on the token', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    const live = (await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).body;
    const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'by hand' }, message: 'Restored from version 1 (by hand)' });
    expect(saved.status).toBe(200);
    await writeFile(file, text(dashboard(uid, 'Home, edited here')));

    const refused = await pull(work, uid);
    expect(refused.counts).toMatchObject({ refused: 1 });
    expect(refused.events[0]!.why).toBe('changed here (not committed), and Grafana could not read its version history (an entry it cannot convert) to tell whether Grafana changed too');
    expect(JSON.parse(await readFile(file, 'utf8')).title).toBe(`Home, edited here ${uid}`);
  });

  it('who saved Grafana\'s version cannot be told (GET /api/user fails): an uncommitted edit is kept while Grafana holds the file\'s last commit, refused once Grafana changed too', async () => {
    const uid = nextUid('home');
    const { work, file } = await applied(dashboard(uid, 'Home'));
    await writeFile(file, text(dashboard(uid, 'Home, edited here')));
    handle.setFaults({ pathPrefix: '/api/user', errorRate: 1, errorStatus: 500 });
    try {
      // Grafana still holds dashsync's push: its saved message carries dashsync's marker, which tells it whoever's credentials
      // saved it (trash-64, review-63b L7), so the uncommitted edit is kept as the only change.
      const kept = await pull(work, uid);
      expect(kept.counts).toMatchObject({ refused: 0 });
      expect(kept.events[0]!.why).toBe("your edit, not committed; Grafana still has dashsync's version 1");
      await saveDashboard(handle, dashboard(uid, 'Home, edited in the UI'));
      const refused = await pull(work, uid);
      expect(refused.counts).toMatchObject({ refused: 1 });
      expect(refused.events[0]!.why).toMatch(/^changed here \(not committed\),? and /);
    } finally {
      handle.setFaults({});
    }
  });

  it('an "export for sharing" file keeps __inputs, __requires and its ${DS_*} placeholders; plan then shows zero changes', async () => {
    const uid = nextUid('exported');
    const cpu = { id: 1, type: 'timeseries', title: 'CPU', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [{ expr: 'up' }] };
    const exported = {
      __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
      __requires: [{ type: 'panel', id: 'timeseries', name: 'Time series', version: '' }],
      ...dashboard(uid, 'Exported', { panels: [cpu] }),
    };
    const { work, file } = await applied(exported);
    const added = { id: 2, type: 'stat', title: 'Added in the UI', datasource: { type: 'prometheus', uid: 'prom-main' } };
    await saveDashboard(handle, { ...dashboard(uid, 'Exported'), panels: [{ ...cpu, datasource: { type: 'prometheus', uid: 'prom-main' } }, added] });

    const result = await pull(work, uid);

    expect(result.counts).toMatchObject({ updated: 1 });
    expect(result.problems).toEqual([]);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.__inputs).toEqual(exported.__inputs);
    expect(written.__requires).toEqual(exported.__requires);
    expect(written.panels.map((p: { datasource: unknown }) => p.datasource)).toEqual([
      { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
      { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
    ]);
    const plan = await dashsync(handle, work, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it('--prune deletes a committed file whose dashboard is gone, and keeps a new file git does not hold yet', async () => {
    const uid = nextUid('gone');
    const { work, file } = await applied(dashboard(uid, 'Gone'));
    const fresh = join(work, 'dashboards', `new-${uid}.json`);
    await writeFile(fresh, text(dashboard(`new-${uid}`, 'Not applied yet')));
    await apiRequest(handle, 'DELETE', `/api/dashboards/uid/${uid}`);

    const result = await pull(work, uid, { scope: { kind: 'managed' }, prune: true });

    expect(result.events.filter((e) => e.outcome === 'pruned' || e.outcome === 'kept')).toEqual([
      // Through /api "Recently deleted" cannot be read: whether this Grafana held the uid is not known (fixw-72).
      { outcome: 'pruned', file: `dashboards/${uid}.json`, uid, why: 'whether this Grafana ever held it is not known: see the note' },
      { outcome: 'kept', file: `dashboards/new-${uid}.json`, uid: `new-${uid}`, why: `uid new-${uid} is not in Grafana, but it is not committed in git (a new dashboard not applied yet?): not deleted` },
    ]);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    expect(JSON.parse(await readFile(fresh, 'utf8')).title).toBe(`Not applied yet new-${uid}`);
  });
});
