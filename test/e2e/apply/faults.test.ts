import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { writeDashboardTree, generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { NO_RETRY_WAITS } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { canonical, emptyWorkspace, getDashboard, workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 300_000 });

const COUNT = 200;
const SEED = 11;

/** A sandbox, and a tree of one generated dashboard not yet in it. */
async function oneDashboardTree() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await emptyWorkspace();
  await mkdir(join(dir, 'dashboards'));
  writeDashboardTree(join(dir, 'dashboards'), { count: 1, seed: SEED });
  return { sandbox, dir, dashboard: generateDashboards({ count: 1, seed: SEED })[0]!.dashboard };
}

describe('apply under server faults', () => {
  it('applies 200 dashboards while the server injects 503, 429 with Retry-After, latency and dropped connections', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await mkdir(join(dir, 'dashboards'));
    writeDashboardTree(join(dir, 'dashboards'), { count: COUNT, seed: SEED });
    const workspace = workspaceAt(dir, sandbox);

    // Steady seeded rates: about one request in fourteen fails once; the client's retries absorb it. Each request's
    // faults follow from the seed and the request alone, not from the order of arrival: every run meets the same ones.
    sandbox.setFaults({ errorRate: 0.03, rateLimitRate: 0.02, retryAfterSeconds: 1, dropRate: 0.02, latencyMs: 10, seed: 20261122 });
    // The backoff before each resend is left out (NO_RETRY_WAITS); the 429s' Retry-After is still waited for.
    const applied = await workspace.cli(['apply'], NO_RETRY_WAITS);
    sandbox.setFaults(undefined);
    const faults = sandbox.requests().filter((entry) => entry.fault && entry.fault !== 'latency');
    expect(faults.some((entry) => entry.fault === 'error')).toBe(true);
    expect(faults.some((entry) => entry.fault === 'ratelimit')).toBe(true);
    expect(faults.some((entry) => entry.fault === 'drop' && entry.method === 'POST')).toBe(true);

    // The retries are told, counted by why: as many as the sandbox failed (a request failed twice counts once, each failure by its reason).
    const note = /^note: (\d+) requests retried(?: (\d+) times)? \(([^)]*)\)\n$/.exec(applied.stderr);
    expect(note).not.toBeNull();
    const byReason = Object.fromEntries(note![3]!.split(', ').map((part) => part.split(': ')).map(([reason, count]) => [reason, Number(count)]));
    expect(byReason).toEqual({
      '503': faults.filter((entry) => entry.fault === 'error').length,
      '429': faults.filter((entry) => entry.fault === 'ratelimit').length,
      // A 404 cut off after its status line is still an answer (the dashboard or folder is absent): nothing to resend.
      'connection lost': faults.filter((entry) => entry.fault === 'drop' && entry.status !== 404).length,
    });
    expect(Number(note![1])).toBeLessThanOrEqual(faults.length);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Applied: ${COUNT} created, 0 updated, 0 moved, 0 deleted.`);

    for (const { path, dashboard } of generateDashboards({ count: COUNT, seed: SEED })) {
      const live = await getDashboard(sandbox, dashboard.uid);
      const dirOf = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      expect([dashboard.uid, live.status, live.meta.version, live.meta.folderUid]).toEqual([dashboard.uid, 200, 1, dirOf === '' ? '' : deriveFolderUid(dirOf)]);
      expect(canonical(live.dashboard)).toEqual(canonical(dashboard));
    }

    const plan = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, ${COUNT} unchanged.`);
  });

  // walk-68b M3: five sends (at most 3.75 s of waiting) gave up on a restart that a re-run a minute later rode over.
  // The suite's test of the real waits: the policy's seven (up to 23.75 s, ~12 s on average), not shortened.
  it('a save a gateway answers 502 seven times (Grafana restarting) is sent an eighth time and lands; the note counts every retry', async () => {
    const { sandbox, dir, dashboard } = await oneDashboardTree();
    const gateway = { kind: 'status', status: 502, message: 'Bad Gateway' } as const;
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: Array.from({ length: 7 }, () => gateway) });

    const applied = await workspaceAt(dir, sandbox).cli(['apply']);

    const saves = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    expect(saves.map((entry) => entry.status)).toEqual([502, 502, 502, 502, 502, 502, 502, 200]);
    expect((await getDashboard(sandbox, dashboard.uid)).meta.version).toBe(1);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied: 1 created, 0 updated, 0 moved, 0 deleted');
    expect(applied.stderr).toBe('note: 1 request retried 7 times (502: 7)\n');
  });

  it('a save Grafana answers after --timeout: sent again until a resend is refused, checked, listed as created; the note counts the write and its resends', async () => {
    const { sandbox, dir, dashboard } = await oneDashboardTree();
    // Every save takes 2.5 s and the client waits 1 s: each send is given up and sent again, eight sends in all; the
    // first one lands (Grafana handles a request whose client left), the resends are refused as already there.
    sandbox.setFaults({ latencyMs: 2_500, methods: ['POST'], pathPrefix: '/api/dashboards/db' });
    const applied = await workspaceAt(dir, sandbox).cli(['apply', '--timeout', '1'], NO_RETRY_WAITS);
    // The last send is still in its latency when the client has given it up and read the dashboard back: it is logged once handled.
    const saves = () => sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    while (saves().length < 8) await sleep(50);
    expect(saves().map((entry) => entry.status)).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    expect((await getDashboard(sandbox, dashboard.uid)).meta.version).toBe(1);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(new RegExp(`^created: ${dashboard.uid} "`, 'm'));
    expect(applied.stdout).toContain('Applied: 1 created, 0 updated, 0 moved, 0 deleted');
    expect(applied.stderr).toBe(
      'note: 1 request retried 7 times (timed out: 7)\n' +
        'note: 1 write sent again after --timeout 1 s passed without an answer (7 resends in all); dashsync checked what landed: raise --timeout if Grafana saves slowly\n',
    );
  });
});
