import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-72 M1: a saved plan's folder create met a folder someone made under its uid since the plan (another branch's
// apply, the UI). It failed with a raw 409, and the closing line advised running the same plan again, which can never pass.
describe('a saved plan whose folder create meets a folder made in Grafana since under its uid', () => {
  it.each([
    ['11.2', '/api/folders'],
    ['13', '/apis/folder.grafana.app/v1/namespaces/default/folders'],
  ] as const)('%s: a conflict naming that folder, what waits for it not attempted, and a new plan as the way on', async (grafanaVersion, createPath) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const made = await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'platform-team', title: 'Platform (UI)' });
    expect(made.status, made.text).toBe(200);

    const sentBefore = sandbox.requests().length;
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    const by = grafanaVersion === '13' ? ' by admin' : '';
    expect(applied.stderr).toMatch(
      new RegExp(
        `^conflict: folder platform-team "Platform Team" was created in Grafana${by} at \\S+ after the plan \\(as "Platform \\(UI\\)"\\); not created, and that one left untouched; ` +
          'what the plan puts into it is not attempted\\. Run dashsync plan to review: a new plan shows what applying the tree to that folder changes \\(its title, its place\\); ' +
          "to leave it apart instead, give the tree's directory a _folder\\.json with another uid$",
        'm',
      ),
    );
    expect(applied.stderr).not.toContain('HTTP 409');
    // Its subfolders and dashboards wait, each saying for what and ending with the new plan; none reads as a failure to retry.
    const waiting = applied.stderr.split('\n').filter((line) => line.startsWith('failed: '));
    expect(waiting.length).toBeGreaterThan(2);
    for (const line of waiting) {
      expect(line).toMatch(/: not attempted: its (parent folder|folder) \S+ (was created|could not be made: folder platform-team above it was created) in Grafana after the plan \(see its conflict line\); run dashsync plan --out plan\.json again and review it, then dashsync apply plan\.json$/);
    }
    expect(applied.stderr).toContain(
      `${waiting.length} planned changes were not attempted (their lines are above); folder platform-team, which they need, was created in Grafana after the plan (its conflict line is above), ` +
        'which running this plan again does not change: run dashsync plan --out plan.json again and review it, then dashsync apply plan.json\n',
    );
    expect(applied.stderr).not.toContain('a 429 or 5xx');
    expect(applied.stdout).toMatch(new RegExp(`; 1 conflict, ${waiting.length} not attempted\\. Folders: \\d+ created\\n`));
    // The folder made since is left as it is, and the one create was sent through the plan's API.
    expect((await apiRequest(sandbox, 'GET', '/api/folders/platform-team')).body.title).toBe('Platform (UI)');
    expect(sandbox.requests().slice(sentBefore).filter((entry) => entry.method === 'POST' && entry.path === createPath && JSON.stringify(entry.body ?? '').includes('platform-team'))).toHaveLength(1);

    // The advice works: a new plan takes that folder in (retitled), and its apply makes the rest.
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const again = await workspace.cli(['apply', 'plan.json']);
    expect(again.code, again.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/folders/platform-team')).body.title).toBe('Platform Team');
  });
});
