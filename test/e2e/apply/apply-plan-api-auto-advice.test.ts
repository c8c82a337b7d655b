import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, lines, saveLive, seedLive } from '../plan/plan-fixture.js';

// The config pins api "legacy" (test/fixtures/plan/basic); legacy prune holds what it cannot judge and advises --api auto (walk-64 M2).
describe('a prune planned with --api auto where the config pins api "legacy", saved to a file', () => {
  it('names the apply with --api auto; pasted without it, the refusal names the flag that applies the plan as it is', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await commitAll(dir, 'basic');
    await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'ui', bearerHeaders(await handle.createToken('Admin')));
    const held = await dashsync(handle, dir, ['plan', '--prune']);
    expect(held.stdout).toContain('dashsync plan --prune --api auto deletes the others no tool manages: ui-made');

    const planned = await dashsync(handle, dir, ['plan', '--prune', '--api', 'auto', '--out', 'p3.json']);

    expect(planned.code, planned.stderr).toBe(0);
    expect(lines(planned.stdout).filter((line) => line.startsWith('- delete')).map((line) => /\(uid ([a-z-]+),/.exec(line)?.[1])).toEqual(['ui-made']);
    expect(planned.stderr).toContain('Saved the plan to p3.json; apply it with: dashsync apply --api auto p3.json\n');

    const pastedWithout = await dashsync(handle, dir, ['apply', 'p3.json']);
    expect(pastedWithout.code).toBe(1);
    expect(pastedWithout.stderr).toContain(
      "error: the plan was made through Grafana's /apis (api: k8s, or auto on Grafana 12 and later), but this run uses /api (api: legacy, or auto on Grafana 11); " +
        'nothing was applied. dashsync apply --api auto p3.json applies it through the API it was made through; or run dashsync plan --prune --out p3.json again, then dashsync apply p3.json',
    );
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(200);

    const pasted = await dashsync(handle, dir, ['apply', '--api', 'auto', 'p3.json']);

    expect(pasted.code, pasted.stderr).toBe(0);
    expect(pasted.stdout).toContain('deleted: ui-made "Made in the UI"');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(404);
  });
});

// review-65b L3: an apply given --api auto that fell back to /api (here /apis stopped answering) was told to run the same command.
describe('a plan made through /apis with --api auto, applied with --api auto once /apis no longer answers', () => {
  it('says auto fell back to /api and names --api k8s, not the command that just failed', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await copyFixture('basic');
    await commitAll(dir, 'basic');
    const planned = await dashsync(handle, dir, ['plan', '--api', 'auto', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    handle.setFaults({ pathPrefix: '/apis', errorRate: 1, errorStatus: 404 });

    const applied = await dashsync(handle, dir, ['apply', '--api', 'auto', 'plan.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      "error: the plan was made through Grafana's /apis (api: k8s, or auto on Grafana 12 and later), but /apis did not answer, so this run's api \"auto\" uses /api; " +
        'nothing was applied. dashsync apply --api k8s plan.json applies it through the API it was made through; or run dashsync plan --api auto --out plan.json again, then dashsync apply --api auto plan.json',
    );
  });
});
