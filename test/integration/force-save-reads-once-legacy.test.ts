import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { appliedThenEdited as appliedThenEditedOn, FORCE_TEST_GIT as GIT, forceOverSaveInBetween } from '../helpers/applied-then-edited.js';
import { apiRequest } from '../helpers/sandbox.js';

const dashboard = (title: string) => ({ uid: 'forced', title, schemaVersion: 39, refresh: '', panels: [] });

/** A tree of one dashboard, applied once (version 1), its file then edited: the next plan updates it. */
const appliedThenEdited = (grafanaVersion: '11.2' | '12', api: 'auto' | 'legacy') => appliedThenEditedOn(grafanaVersion, api, dashboard);

const dashboardReads = (sandbox: { requests: () => { method: string; path: string }[] }) =>
  sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path === '/api/dashboards/uid/forced').length;

// send-69 left a forced save through /api reading the dashboard twice: the save action's read (which tells the version it goes
// over) and the port's (the version it saves at). One read serves both now.
describe.each([
  { grafanaVersion: '11.2' as const, api: 'auto' as const },
  { grafanaVersion: '12' as const, api: 'legacy' as const },
])('apply --force through /api on Grafana $grafanaVersion (api $api)', ({ grafanaVersion, api }) => {
  it('reads the dashboard once before its save, and saves at the version read', async () => {
    const { sandbox, settings, grafana } = await appliedThenEdited(grafanaVersion, api);
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.clearRequests();

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: true });

    expect(result.updated).toEqual(['forced']);
    expect(dashboardReads(sandbox)).toBe(1);
    const posts = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    expect(posts.map((entry) => [entry.status, (entry.body as { dashboard: { version?: number }; overwrite: boolean }).dashboard.version, (entry.body as { overwrite: boolean }).overwrite])).toEqual([[200, 1, false]]);
  });

  it('a save by someone else between that read and the save: read once more, saved over it, and the line names that save', async () => {
    const scene = await appliedThenEdited(grafanaVersion, api);
    const { sandbox } = scene;
    // dashsync's save waits at the door while someone saves the dashboard in Grafana (version 2).
    const { result, events } = await forceOverSaveInBetween(scene, { methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });

    expect(result.updated).toEqual(['forced']);
    expect(dashboardReads(sandbox)).toBe(2);
    const posts = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db' && (entry.body as { message?: string }).message?.startsWith('dashsync'));
    expect(posts.map((entry) => [entry.status, (entry.body as { dashboard: { version?: number } }).dashboard.version])).toEqual([[412, 1], [200, 2]]);
    // The plan saw version 1: the save went over version 2, someone's, and says so.
    expect(events.find((event) => event.uid === 'forced' && event.outcome === 'updated')?.forcedOver).toMatchObject({ version: 2, by: 'admin' });
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/forced')).body).toMatchObject({ dashboard: { title: 'Forced v2', version: 3 } });
  });
});
