import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { InterruptedError } from '../../src/errors.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { pullDashboards } from '../../src/pull/pull-dashboards.js';
import { renderPullReport, renderPullStop } from '../../src/pull/render-pull-result.js';
import type { PullResult } from '../../src/pull/types.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { requestHeld, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, deleteInGrafana, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

/** pull against a Grafana that stops answering (the `hold` fault), then Ctrl-C: the pull ends as interrupted. */
async function interruptiblePull(handle: SandboxHandle) {
  const work = await makeWorkDir();
  const env = { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api: 'legacy', concurrency: 1, timeout: 600 }, env, cwd: work });
  const controller = new AbortController();
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {}, signal: controller.signal });
  onTestFinished(() => grafana.close());
  const pulling = pullDashboards({ settings, grafana, scope: { kind: 'all' }, prune: false, dryRun: false, signal: controller.signal }).catch((error: unknown) => error);
  await requestHeld(handle);
  controller.abort();
  return { work, outcome: await pulling };
}

describe('Ctrl-C while Grafana holds a pull request', () => {
  it('a held listing ends the pull as interrupted; nothing is written', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    await saveDashboard(handle, { uid: 'one', title: 'One', panels: [] });
    handle.setFaults({ pathPrefix: '/api/search', script: [{ kind: 'hold' }] });

    const { work, outcome } = await interruptiblePull(handle);

    expect(outcome).toBeInstanceOf(InterruptedError);
    expect((outcome as Error).message).toBe('interrupted while reading Grafana; run pull again');
    expect(await walkFiles(work)).toEqual([]);
  });

  it('a held dashboard read ends the pull with what was written, marked interrupted', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    for (const uid of ['one', 'two', 'three']) await saveDashboard(handle, { uid, title: uid, panels: [] });
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });

    const { work, outcome } = await interruptiblePull(handle);

    expect(outcome).toMatchObject({ interrupted: true, counts: { created: 1, failed: 0 } });
    const files = (await walkFiles(work)).filter((file) => file.path.endsWith('.json'));
    expect(files).toHaveLength(1);
    // The held read and the one after it: not started, each named with the file it would have written.
    const result = outcome as PullResult;
    const written = result.events.map((event) => event.uid);
    expect(result.notStarted.map((target) => target.uid).sort()).toEqual(['one', 'three', 'two'].filter((uid) => !written.includes(uid)));
    expect(result.notStarted.every((target) => target.file.startsWith('dashboards/') && !files.some((file) => file.path.endsWith(target.file)))).toBe(true);
    expect(renderPullReport(result)).toMatch(/\nPull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted, 2 not started \(interrupted\)\.\n$/);
    expect(renderPullStop(result)).toBe(
      'interrupted: 2 not started (not fetched: their files are as they were); what was written is listed above. Run dashsync pull again to finish\n' +
        `not started (2): ${result.notStarted.map((target) => target.uid).join(', ')}\n`,
    );
  });

  it('a hold on the first dashboard read: the stop line says no file was written, not "listed above" (audit-ux-16 L-1)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    for (const uid of ['one', 'two']) await saveDashboard(handle, { uid, title: uid, panels: [] });
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'hold' }] });

    const { work, outcome } = await interruptiblePull(handle);

    expect(outcome).toMatchObject({ interrupted: true, events: [], counts: { created: 0 } });
    expect((await walkFiles(work)).filter((file) => file.path.endsWith('.json'))).toEqual([]);
    expect(renderPullStop(outcome as PullResult).split('\n')[0]).toBe(
      'interrupted: 2 not started (not fetched: their files are as they were); no file was written. Run dashsync pull again to finish',
    );
  });
});

/** A committed tree of x/p1 and y/p2; then in Grafana p1 is edited and folder y deleted (p2 with it): a pull --prune writes p1 and would delete p2. */
async function pruneScene(handle: SandboxHandle) {
  const work = await makeWorkDir();
  const env = { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api: 'legacy', concurrency: 1, timeout: 600 }, env, cwd: work });
  const x = await createFolder(handle, { uid: 'fx', title: 'X' });
  const y = await createFolder(handle, { uid: 'fy', title: 'Y' });
  await saveDashboard(handle, { uid: 'p1', title: 'P1', panels: [] }, x);
  await saveDashboard(handle, { uid: 'p2', title: 'P2', panels: [] }, y);
  const first = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => first.close());
  expect((await pullDashboards({ settings, grafana: first, scope: { kind: 'all' }, prune: false, dryRun: false })).counts.created).toBe(2);
  await commitAll(work);
  await saveDashboard(handle, { uid: 'p1', title: 'P1', description: 'edited in the UI', panels: [] }, x);
  await deleteInGrafana(handle, `/api/folders/${y}`);
  const controller = new AbortController();
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {}, signal: controller.signal });
  onTestFinished(() => grafana.close());
  return { work, settings, grafana, controller };
}

describe('Ctrl-C at the end of pull --prune', () => {
  it('during the read of a gone file\'s folder: the report lists what was written, nothing is deleted, interrupted', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    const { work, settings, grafana, controller } = await pruneScene(handle);
    handle.setFaults({ methods: ['GET'], pathPrefix: '/api/folders/fy', script: [{ kind: 'hold' }] });

    const pulling = pullDashboards({ settings, grafana, scope: { kind: 'all' }, prune: true, dryRun: false, signal: controller.signal }).catch((error: unknown) => error);
    await requestHeld(handle);
    controller.abort();
    const result = (await pulling) as PullResult;

    expect(result).toMatchObject({ interrupted: true, goneNotChecked: true, counts: { updated: 1, pruned: 0 } });
    expect(result.events.map((event) => `${event.outcome} ${event.uid}`)).toEqual(['updated p1']);
    expect(renderPullReport(result)).toContain('(interrupted)');
    expect(renderPullStop(result)).toBe(
      'interrupted: 0 not started (not fetched: their files are as they were); what was written is listed above; files whose dashboards or library panels are gone from Grafana were not looked at (none deleted). Run dashsync pull again to finish\n',
    );
    const files = (await walkFiles(work)).map((file) => file.path).filter((path) => path.endsWith('.json') && path.startsWith('dashboards/'));
    expect(files.some((path) => path.endsWith('p2.json') || path.includes('/y/') || path.includes('Y/'))).toBe(true);
  });

  it('just before the first delete: nothing is deleted, the files are listed as only in git, interrupted', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    const { work, settings, grafana, controller } = await pruneScene(handle);
    const before = (await walkFiles(work)).filter((file) => file.path.startsWith('dashboards/')).length;

    const result = await pullDashboards({ settings, grafana, scope: { kind: 'all' }, prune: true, dryRun: false, signal: controller.signal, onPrune: () => controller.abort() });

    expect(result).toMatchObject({ interrupted: true, counts: { updated: 1, pruned: 0, onlyInGit: 1 } });
    expect((await walkFiles(work)).filter((file) => file.path.startsWith('dashboards/'))).toHaveLength(before);
  });
});
