import type { ChildProcess } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { appliedExample } from '../helpers/applied-example.js';
import type { CliResult } from '../helpers/run-cli.js';
import { spawnInterruptible } from '../helpers/spawn-interruptible.js';
import { requestHeld } from '../helpers/sandbox.js';
import { pruneAway } from './apply/restore-fixture.js';
import { getDashboard } from './apply/workspace.js';

vi.setConfig({ testTimeout: 180_000 });

const UIDS = ['postgresql-overview', 'redis-exporter'];
const STOPPING = 'requests in flight get up to 600 s to finish';
/** How the note asks for the quit: a Ctrl-C at a terminal; SIGTERM comes from no terminal, so it asks for the signal again (walk-73 L3). */
const QUIT_NOW: Record<string, string> = { SIGINT: '(press Ctrl-C again to quit now)', SIGTERM: '(send SIGTERM again to quit now)' };

/**
 * The example tree applied to Grafana 12, its databases folder pruned, and the built CLI restoring both dashboards while
 * Grafana holds the first save: `signal` is sent once it is held, `onStopping` runs once the CLI says it is stopping.
 */
async function restoreAndInterrupt(
  signal: NodeJS.Signals,
  onStopping: (child: ChildProcess, sandbox: SandboxHandle) => void,
  extra: string[] = [],
  named: string[] = UIDS,
): Promise<CliResult & { sandbox: SandboxHandle }> {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
  await pruneAway(workspace, 'dashboards/platform/databases');
  sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });
  let stopping = false;
  const { child, closed } = spawnInterruptible(['restore', ...named, '--api', 'legacy', '--timeout', '600', '--interrupt-grace', '600', ...extra], {
    cwd: workspace.dir,
    url: sandbox.url,
    onStderr: (stderr) => {
      if (!stopping && stderr.includes(STOPPING)) {
        stopping = true;
        onStopping(child, sandbox);
      }
    },
  });
  await requestHeld(sandbox);
  child.kill(signal);
  return { ...(await closed), sandbox };
}

describe.each(['SIGINT', 'SIGTERM'] as NodeJS.Signals[])('%s during restore (built CLI)', (signal) => {
  it('lets the restore in flight finish within the grace, starts no other, says which were not started, exits 1', async () => {
    const run = await restoreAndInterrupt(signal, (_child, sandbox) => sandbox.releaseHeld());

    expect([run.code, run.signal]).toEqual([1, null]);
    expect(run.stderr).toContain(`${signal}: stopping — no new work starts; ${STOPPING} ${QUIT_NOW[signal]}`);
    expect(run.stdout).toMatch(new RegExp(`^restored ${UIDS[0]} "PostgreSQL" from \\.dashsync/backups/${UIDS[0]}/.*\\.json into `, 'm'));
    expect(run.stdout).toMatch(/\nRestore: 1 answered; 1 not started \(interrupted\)\n$/);
    expect(run.stderr).toContain(`interrupted: 1 restore was not started; what was done is listed above. Run dashsync restore --api legacy ${UIDS[1]} to finish\nnot started (1): ${UIDS[1]}\n`);
    expect((await getDashboard(run.sandbox, UIDS[0]!)).status).toBe(200);
    expect((await getDashboard(run.sandbox, UIDS[1]!)).status).toBe(404);
  });
});

describe('Ctrl-C during restore --all --over-recently-deleted (built CLI; review-68b L1)', () => {
  it('the command that finishes it keeps --over-recently-deleted: without it, the uids this run would put back over a trash copy are refused', async () => {
    const run = await restoreAndInterrupt('SIGINT', (_child, sandbox) => sandbox.releaseHeld(), [], ['--all', '--over-recently-deleted']);

    expect([run.code, run.signal]).toEqual([1, null]);
    expect(run.stderr).toMatch(/^interrupted: 1 restore was not started; what was done is listed above\. Run dashsync restore --api legacy --all --over-recently-deleted to finish$/m);
  });
});

describe('a second Ctrl-C during restore (built CLI)', () => {
  it('quits at once with 130, after one line naming the restore Grafana has not answered and the one not started', async () => {
    const run = await restoreAndInterrupt('SIGINT', (child) => child.kill('SIGINT'));

    expect([run.code, run.signal]).toEqual([130, null]);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      `unknown: restore ${UIDS[0]}: quit before Grafana answered; whether it is back is not known; not started (1): ${UIDS[1]}: dashsync restore --api legacy ${UIDS.join(' ')} says (exists in Grafana, or restores it)`,
    );
    expect(run.stdout).toBe('');
  });

  it('with --format json, the last stdout line is the quit result: the restore in flight unknown, the other not started', async () => {
    const run = await restoreAndInterrupt('SIGINT', (child) => child.kill('SIGINT'), ['--format', 'json']);

    expect([run.code, run.signal]).toEqual([130, null]);
    const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.type)).toEqual(['start', 'result']);
    expect(lines[0]).toMatchObject({ uids: UIDS, all: false });
    expect(lines[1]).toEqual({
      type: 'result',
      quit: true,
      ended: [],
      unknownInFlight: [{ kind: 'dashboard', uid: UIDS[0], title: null, action: 'restore' }],
      notStarted: 1,
      notStartedUids: [UIDS[1]],
      exitCode: 130,
    });
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^unknown: restore ${UIDS[0]}: quit before Grafana answered`));
  });
});
