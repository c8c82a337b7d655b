import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { commitAll, commitAndApplyTwo, dashsync } from '../pull/pull-fixture.js';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** Dashboards `work` and `calm` committed and applied by dashsync, then `calm` deleted in Grafana's UI (no backup of dashsync's). */
async function calmDeletedInUi(grafanaVersion: '12' | '13'): Promise<{ sandbox: Sandbox; dir: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const { dir } = await commitAndApplyTwo(sandbox);
  expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/calm', undefined, adminHeaders())).status).toBe(200);
  return { sandbox, dir };
}

// fix-60b (walk-60 M2 b): after dashboards were deleted in Grafana's UI, restore --all said "nothing to restore" while they
// sat in "Recently deleted", where restore <uid> would have taken them back.
describe('restore --all: the tree\'s dashboards in "Recently deleted" that no backup holds', () => {
  it('are named with the command that brings them back, beside "nothing to restore"', async () => {
    const { sandbox, dir } = await calmDeletedInUi('13');
    const dry = await dashsync(sandbox, dir, ['restore', '--all', '--dry-run']);
    const note =
      'note: 1 dashboard of the tree is in Grafana\'s "Recently deleted", which --all does not take (it was deleted in Grafana, so no backup of dashsync\'s holds it): ' +
      'calm (dashboards/calm.json); dashsync restore calm brings it back as it was deleted, with its id\n';
    expect(dry.stdout).toContain(note);
    expect(dry.stdout.indexOf(note)).toBeGreaterThan(0);

    const restored = await dashsync(sandbox, dir, ['restore', 'calm']);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await dashsync(sandbox, dir, ['restore', '--all', '--dry-run'])).stdout).not.toContain('Recently deleted');
  });

  // nl-62: a dry run that previews a backed-up dashboard listed "Recently deleted" for the previews, then again for this note.
  it('"Recently deleted" is listed once per run, for the dry run\'s previews and the note alike', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { dir } = await commitAndApplyTwo(sandbox);
    await rm(join(dir, 'dashboards/work.json'));
    await commitAll(dir, 'work goes');
    expect((await dashsync(sandbox, dir, ['apply', '--auto-approve', '--prune', 'all'])).code).toBe(0);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/calm', undefined, adminHeaders())).status).toBe(200);
    sandbox.clearRequests();
    const dry = await dashsync(sandbox, dir, ['restore', '--all', '--dry-run']);
    expect(dry.stdout).toContain('would restore work "Workloads" into the General level');
    expect(dry.stdout).toContain('note: 1 dashboard of the tree is in Grafana\'s "Recently deleted", which --all does not take');
    expect(sandbox.requests().filter((entry) => entry.path.includes('get-trash')).map((entry) => `${entry.method} ${entry.path.split('?')[0]}`)).toHaveLength(1);
  });
});

// fix-60b (walk-60 M2 c, d): on 12 (legacy SQL storage: a delete is final) restore's error sent the on-call looking for an
// Admin token, and its dry run pointed at "dashsync restore X says what can be done", which said nothing more; the one useful
// fact, that the tree's file holds the uid and apply creates it again, was not said.
describe('restore of a dashboard deleted in Grafana for good, whose file the tree holds', () => {
  it('names the file and that apply creates it again, in the run and its dry run', async () => {
    const { sandbox, dir } = await calmDeletedInUi('12');
    const note = 'dashboards/calm.json holds calm: dashsync apply creates it again from that file, as a new dashboard (version 1, without the history Grafana had)\n';

    const dry = await dashsync(sandbox, dir, ['restore', 'calm', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(`entry for it\n${note}Dry run: nothing was restored.`);
    expect(dry.stdout).not.toContain('says what can be done');

    const run = await dashsync(sandbox, dir, ['restore', 'calm']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot restore calm: /);
    expect(run.stdout).toBe(note);

    // A uid no file holds gets no such line.
    expect((await dashsync(sandbox, dir, ['restore', 'never-was'])).stdout).toBe('');
  });
});

// nl-61c: api "legacy" never touches /apis (SPEC §13); nl-61b had its plan and restore read 13's "Recently deleted" there.
describe('api "legacy" on Grafana 13: a dashboard deleted in the UI', () => {
  it('the plan says once that "Recently deleted" was not checked, restore refuses with the API that can take it back, and nothing goes to /apis', async () => {
    const { sandbox, dir } = await calmDeletedInUi('13');
    sandbox.clearRequests();
    const plan = await dashsync(sandbox, dir, ['plan', '--api', 'legacy']);
    expect(plan.stdout).toContain(
      'recently deleted: not checked: api "legacy" never reads /apis, where Grafana 13 keeps "Recently deleted"; dashsync plan --api auto names a create whose uid was deleted there',
    );
    expect(plan.stdout).not.toContain('dashsync restore');

    const refusal = 'this Grafana keeps deleted dashboards in "Recently deleted", but takes them back through /apis only: run restore with --api auto';
    const restored = await dashsync(sandbox, dir, ['restore', 'calm', '--api', 'legacy']);
    expect(restored.code).toBe(1);
    expect(restored.stderr).toContain(`error: cannot restore calm: ${refusal}, and there is no backup of it`);
    const dry = await dashsync(sandbox, dir, ['restore', 'calm', '--dry-run', '--api', 'legacy']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('would not restore calm: ');
    const all = await dashsync(sandbox, dir, ['restore', '--all', '--dry-run', '--api', 'legacy']);
    expect(all.stdout).not.toContain('"Recently deleted", which --all does not take');

    expect(sandbox.requests().filter((entry) => entry.path.startsWith('/apis')).map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/calm', undefined, adminHeaders())).status).toBe(404);
  });
});
