import { describe, expect, it, vi } from 'vitest';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { servicesWorkspace } from '../services-workspace.js';
import { saveInGrafana } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const COUNT = 24;
const UNCOMMITTED = 4;

// perf-67a: an apply no one reviewed holds each dashboard edited in Grafana as a conflict, which says whether git holds the
// file as it is (`fileCommitted`: the advice then names `pull --force`). That took a `git status` and a `git ls-files` per
// held conflict, one conflict at a time; now git is asked once for the files of them all.
describe('an unreviewed apply holding many dashboards edited in Grafana', () => {
  it('asks git whether their files are committed once for all of them, and marks each conflict as before', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, write, cli: run } = await servicesWorkspace(sandbox, COUNT, true);
    const cli = (args: string[]) => countGitCalls(() => run(args));
    expect((await cli(['apply', '--auto-approve'])).result.code).toBe(0);
    // Each edited in Grafana, and changed in the tree: committed, but for the last few (edited after the commit).
    for (let n = 0; n < COUNT; n++) await saveInGrafana(sandbox, `svc-${n}`, { description: 'edited in Grafana' });
    for (let n = 0; n < COUNT; n++) await write(n, 'changed in git');
    await commitAll(dir, 'services: description');
    for (let n = COUNT - UNCOMMITTED; n < COUNT; n++) await write(n, 'changed, not committed');

    const { result, calls } = await cli(['apply', '--auto-approve', '--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    const conflicts = (JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { conflicts: { uid: string; unreviewedDrift?: true; fileCommitted?: true }[] }).conflicts;
    expect(conflicts).toHaveLength(COUNT);
    expect(conflicts.every((conflict) => conflict.unreviewedDrift === true)).toBe(true);
    const committed = new Set(conflicts.filter((conflict) => conflict.fileCommitted === true).map((conflict) => conflict.uid));
    expect(committed).toEqual(new Set(Array.from({ length: COUNT - UNCOMMITTED }, (_, n) => `svc-${n}`)));
    // main: one `git status` per conflict, and one `git ls-files --error-unmatch` per conflict whose status was clean.
    const statusReads = calls.filter((call) => gitCommandOf(call) === 'status' && call.includes('--ignored=traditional'));
    const trackedReads = calls.filter((call) => gitCommandOf(call) === 'ls-files' && (call.includes('--full-name') || call.includes('--error-unmatch')));
    expect(statusReads).toHaveLength(1);
    expect(trackedReads).toHaveLength(1);
  });
});
