import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { applySucceeded, type ApplyEvent } from '../../../src/apply/types.js';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../../src/plan/create-plan.js';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { renderApplySummary } from '../../../src/report/render-apply-result.js';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { writes } from '../../e2e/apply/workspace.js';
import { dashboard, libraryWorkspace, ref, writeFiles } from './library-tree.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** A folder with one library panel no dashboard uses yet (so it can be deleted in Grafana). */
const TREE: Record<string, unknown> = {
  'dashsync.config.json': { root: 'dashboards' },
  'dashboards/team-a/_folder.json': { uid: 'team-a', title: 'Team A' },
  'dashboards/team-a/_library/extra.json': { uid: 'lp-extra', name: 'Extra', kind: 1, model: { type: 'stat', title: 'Extra' } },
  'dashboards/team-a/plain.json': dashboard('plain', 'Plain', [{ id: 1, type: 'text', title: 'Notes', gridPos: { x: 0, y: 0, w: 24, h: 4 } }]),
};
const USER = { 'dashboards/team-a/x.json': dashboard('x', 'X uses it', [ref(1, 'lp-extra', 'Extra')]) };

describe.each(GRAFANA_VERSIONS)('a library panel deleted in Grafana after the plan, on Grafana %s (audit 9 F20)', (grafanaVersion) => {
  it('a saved plan whose new dashboard uses it is refused whole before the first write, naming the file and the panel', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, TREE);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await writeFiles(ws.dir, { ...USER, 'dashboards/team-a/plain.json': dashboard('plain', 'Plain edited', []) });
    const planned = await ws.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('Plan: 1 to create, 1 to update');
    // Another apply (a merged PR) retires the library panel before this plan is applied.
    expect((await apiRequest(sandbox, 'DELETE', '/api/library-elements/lp-extra')).status).toBe(200);

    sandbox.clearRequests();
    const applied = await ws.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      'dashboards/team-a/x.json uses library panel "lp-extra", which Grafana no longer has (deleted since the plan was made): ' +
        'the dashboard would be saved with a panel that shows an error; nothing was applied. Run dashsync plan --out plan.json again and review it, then dashsync apply plan.json',
    );
    // Nothing was written, not even the update that does not use it.
    expect(writes(sandbox)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/x')).status).toBe(404);
  });

  it('a saved plan that creates the library panel itself, or leaves dashboards without one alone, still applies', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, { ...TREE, ...USER });
    expect((await ws.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const applied = await ws.cli(['apply', 'plan.json']);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('Applied: 2 created');
    expect(applied.code).toBe(0);
  });
});

/** The releases whose save answers 500 after storing the dashboard when a library panel it uses is missing. */
const CONNECTING: { grafanaVersion: GrafanaVersion; storage?: 'legacy'; answer: string }[] = [
  { grafanaVersion: '11.2', answer: 'Error while connecting library panels' },
  { grafanaVersion: '12', answer: 'library element could not be found' },
  { grafanaVersion: '13', storage: 'legacy', answer: 'library element could not be found' },
];

describe.each(CONNECTING)('a save Grafana $grafanaVersion stores, then answers 500 "$answer" for a library panel deleted meanwhile', ({ grafanaVersion, storage }) => {
  it('is read back and counted as saved, its line naming the missing panel, with a warning; the apply does not succeed', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, ...(storage ? { storage } : {}) });
    const ws = await libraryWorkspace(sandbox, TREE);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await writeFiles(ws.dir, USER);
    // Typed on a command line: the commands its lines name repeat the flags (stop 53: `dashsync restore lp-extra`, `dashsync plan`, none).
    const flags = { typed: true, api: 'legacy' as const, backupDir: 'saved backups' };
    const settings = await loadSettings({ flags, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: ws.dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const plan = await createPlan({ settings, grafana, git: GIT });

    // The panel is there when the apply checks it, and deleted while the dashboard's save is on its way.
    sandbox.clearRequests();
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });
    const events: ApplyEvent[] = [];
    const applying = applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false, onEvent: (event) => events.push(event) });
    await sandbox.whenHeld(1);
    expect((await apiRequest(sandbox, 'DELETE', '/api/library-elements/lp-extra')).status).toBe(200);
    sandbox.releaseHeld();
    const result = await applying;

    // One save, answered 500 (`answer`) after storing it: not sent again.
    expect(sandbox.requests().filter((request) => request.method === 'POST' && request.path === '/api/dashboards/db').map((request) => request.status)).toEqual([500]);
    expect(result.created).toEqual(['x']);
    expect(result.failures).toEqual([]);
    expect(result.missingLibraryPanels).toEqual([{ uid: 'x', libraryPanels: ['lp-extra'] }]);
    expect(applySucceeded(result)).toBe(false);
    expect(renderApplySummary(result)).toBe('Applied: 1 created, 0 updated, 0 moved, 0 deleted; 1 saved with a missing library panel');
    const lines = events.filter((event) => event.uid === 'x').map((event) => [event.outcome, event.message]);
    expect(lines).toEqual([
      ['created', 'its library panel "lp-extra" is missing: the panel shows an error'],
      [
        'warning',
        'x "X uses it" is in Grafana, but Grafana does not have library panel "lp-extra" (deleted since the plan was made?): ' +
          "bring it back (dashsync restore --api legacy --backup-dir 'saved backups' lp-extra puts back one dashsync deleted, from its backup) or change the dashboard, then run dashsync plan --api legacy again",
      ],
    ]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/x')).status).toBe(200);
  });
});
