import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { appliedExample } from '../helpers/applied-example.js';
import { CLI_PATH, refuseStaleDist, type CliResult } from '../helpers/run-cli.js';
import { requestHeld } from '../helpers/sandbox.js';
import { pruneAway } from './apply/restore-fixture.js';
import { getDashboard } from './apply/workspace.js';

vi.setConfig({ testTimeout: 180_000 });

const UIDS = ['postgresql-overview', 'redis-exporter'];
const STOPPING = 'requests in flight get up to 600 s to finish (press Ctrl-C again to quit now)';

/**
 * The example tree applied to Grafana 12, its databases folder pruned, and the built CLI restoring both dashboards while
 * Grafana holds the first save: `signal` is sent once it is held, `onStopping` runs once the CLI says it is stopping.
 */
async function restoreAndInterrupt(signal: NodeJS.Signals, onStopping: (child: ReturnType<typeof spawn>, sandbox: SandboxHandle) => void): Promise<CliResult & { sandbox: SandboxHandle }> {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
  await pruneAway(workspace, 'dashboards/platform/databases');
  sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });
  const env: NodeJS.ProcessEnv = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1' };
  delete env.GRAFANA_TOKEN;
  delete env.GRAFANA_ORG_ID;
  refuseStaleDist();
  const child = spawn(process.execPath, [CLI_PATH, 'restore', ...UIDS, '--api', 'legacy', '--timeout', '600', '--interrupt-grace', '600'], { cwd: workspace.dir, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let stopping = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (!stopping && stderr.includes(STOPPING)) {
      stopping = true;
      onStopping(child, sandbox);
    }
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  await requestHeld(sandbox);
  child.kill(signal);
  const { code, signal: ended } = await closed;
  return { code, signal: ended, stdout, stderr, sandbox };
}

describe.each(['SIGINT', 'SIGTERM'] as NodeJS.Signals[])('%s during restore (built CLI)', (signal) => {
  it('lets the restore in flight finish within the grace, starts no other, says which were not started, exits 1', async () => {
    const run = await restoreAndInterrupt(signal, (_child, sandbox) => sandbox.releaseHeld());

    expect([run.code, run.signal]).toEqual([1, null]);
    expect(run.stderr).toContain(`${signal}: stopping — no new work starts; ${STOPPING}`);
    expect(run.stdout).toMatch(new RegExp(`^restored ${UIDS[0]} from \\.dashsync/backups/${UIDS[0]}/.*\\.json into `, 'm'));
    expect(run.stdout).toMatch(/\nRestore: 1 answered; 1 not started \(interrupted\)\n$/);
    expect(run.stderr).toContain(`interrupted: 1 restore(s) were not started; what was done is listed above. Run dashsync restore ${UIDS[1]} to finish\nnot started (1): ${UIDS[1]}\n`);
    expect((await getDashboard(run.sandbox, UIDS[0]!)).status).toBe(200);
    expect((await getDashboard(run.sandbox, UIDS[1]!)).status).toBe(404);
  });
});

describe('a second Ctrl-C during restore (built CLI)', () => {
  it('quits at once with 130, after one line naming the restore Grafana has not answered', async () => {
    const run = await restoreAndInterrupt('SIGINT', (child) => child.kill('SIGINT'));

    expect([run.code, run.signal]).toEqual([130, null]);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      `unknown: restore ${UIDS[0]}: quit before Grafana answered; whether it is back is not known: dashsync restore ${UIDS[0]} says`,
    );
    expect(run.stdout).toBe('');
  });
});
