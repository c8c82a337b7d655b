import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAndApplyTwo, dashsync } from '../pull/pull-fixture.js';

const note = 'dashboards/calm.json holds calm: dashsync apply creates it again from that file, as a new dashboard (version 1, without the history Grafana had)\n';

// fix-60b (walk-60 M2 c, d): on 12 (legacy SQL storage: a delete is final) restore's error sent the on-call looking for an
// Admin token, and its dry run pointed at "dashsync restore X says what can be done", which said nothing more; the one useful
// fact, that the tree's file holds the uid and apply creates it again, was not said.
describe('restore of a dashboard deleted in Grafana for good, whose file the tree holds', () => {
  it('names the file and that apply creates it again, in the run and its dry run', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await commitAndApplyTwo(sandbox);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/calm', undefined, adminHeaders())).status).toBe(200);

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
