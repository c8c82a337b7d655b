import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { RequestLogEntry } from '../../src/sandbox/types.js';
import { appliedThenEdited as appliedThenEditedOn, FORCE_TEST_GIT as GIT, forceOverSaveInBetween } from '../helpers/applied-then-edited.js';
import { apiRequest } from '../helpers/sandbox.js';

/** A GET of the one dashboard through `/apis`, at any version. */
const READ_FORCED = /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards\/forced$/;

const dashboard = (title: string) => ({ uid: 'forced', title, schemaVersion: 42, refresh: '', panels: [] });

/** On 13, a tree of one classic dashboard, applied once (version 1), its file then edited: the next plan updates it. */
const appliedThenEdited = (api: 'auto' | 'k8s') => appliedThenEditedOn('13', api, dashboard);

/** dashsync's saves of the dashboard: `api: auto` sends a classic one through `/api`, `k8s` through `/apis`. */
const isSave = (api: 'auto' | 'k8s') => (entry: RequestLogEntry) =>
  api === 'auto'
    ? entry.method === 'POST' && entry.path === '/api/dashboards/db' && (entry.body as { message?: string }).message?.startsWith('dashsync') === true
    : entry.method === 'PUT' && READ_FORCED.test(entry.path);

// fixs-70 left a forced save through /apis reading the dashboard twice: the save action's read (which tells the version it
// goes over) and the port's (the stored object it saves on). One read serves both now.
describe.each([{ api: 'k8s' as const }, { api: 'auto' as const }])('apply --force through /apis on Grafana 13 (api $api)', ({ api }) => {
  it('reads the dashboard once before its save, and saves on the revision read', async () => {
    const { sandbox, settings, grafana } = await appliedThenEdited(api);
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.clearRequests();

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: true });

    expect(result.updated).toEqual(['forced']);
    const log = sandbox.requests();
    const firstSave = log.findIndex(isSave(api));
    expect(firstSave).toBeGreaterThanOrEqual(0);
    expect(log.slice(0, firstSave).filter((entry) => entry.method === 'GET' && READ_FORCED.test(entry.path))).toHaveLength(1);
    expect(log.filter(isSave(api)).map((entry) => entry.status)).toEqual([200]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/forced')).body).toMatchObject({ dashboard: { title: 'Forced v2', version: 2 } });
  });

  it('a save by someone else between that read and the save: read once more, saved over it, and the line names that save', async () => {
    const scene = await appliedThenEdited(api);
    const { sandbox } = scene;
    // dashsync's save waits at the door while someone saves the dashboard in Grafana (version 2).
    const { result, events } = await forceOverSaveInBetween(scene, api === 'auto' ? { methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] } : { methods: ['PUT'], pathPrefix: '/apis/', script: [{ kind: 'hold' }] });

    expect(result.updated).toEqual(['forced']);
    const saves = sandbox.requests().filter(isSave(api));
    expect(saves).toHaveLength(2);
    expect(saves[0]!.status).not.toBe(200);
    expect(saves[1]!.status).toBe(200);
    // The plan saw version 1: the save went over version 2, someone's, and says so.
    expect(events.find((event) => event.uid === 'forced' && event.outcome === 'updated')?.forcedOver).toMatchObject({ version: 2, by: 'admin' });
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/forced')).body).toMatchObject({ dashboard: { title: 'Forced v2', version: 3 } });
  });
});
