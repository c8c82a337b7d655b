import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { writeDashboardTree } from '../../scripts/lib/generate-dashboards.mjs';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderApplyStop } from '../../src/report/render-apply-result.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { portClientOptions } from '../helpers/port-client-options.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: null, subject: null, actor: null };
const CONCURRENCY = 8;

/**
 * A workspace whose tree `fill` writes, the settings (`--concurrency 8`, prune all) and a port that retries a refused
 * request once, at once: a write refused twice has failed "after its retries" (the stop counts only those).
 */
async function setUp(sandbox: SandboxHandle, fill: (dashboards: string) => Promise<void> | void) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-writes-refused-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  await fill(join(dir, 'dashboards'));
  const settings = await loadSettings({
    flags: { api: 'legacy', concurrency: CONCURRENCY, prune: 'all' },
    env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' },
    cwd: dir,
  });
  const grafana = openGrafanaPort({ ...portClientOptions(sandbox, { concurrency: CONCURRENCY }), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }, 'legacy');
  onTestFinished(() => grafana.close());
  return { settings, grafana, plan: () => createPlan({ settings, grafana, git: GIT }) };
}

const saves = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');

describe('Grafana refusing writes at --concurrency 8', () => {
  it('5 writes sent together and refused together, while 3 others are in flight and then land, do not stop the run: the rest of the plan is applied', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { settings, grafana, plan } = await setUp(sandbox, async (dashboards) => {
      for (let i = 0; i < CONCURRENCY; i++) await writeFile(join(dashboards, `d${i}.json`), `${JSON.stringify({ uid: `d${i}`, title: `D ${i}`, panels: [] }, null, 2)}\n`);
    });
    // Four live dashboards without a file: prune deletes them after the saves.
    for (let i = 0; i < 4; i++) expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: `old${i}`, title: `Old ${i}` } })).status).toBe(200);
    const planned = await plan();
    expect(planned.summary).toMatchObject({ create: CONCURRENCY, delete: 4 });

    // The first 3 saves to arrive wait in Grafana; every other save is refused with 503, each of its two sends.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }, { kind: 'hold' }, { kind: 'hold' }], errorRate: 1, errorStatus: 503 });
    sandbox.clearRequests();
    const failed: ApplyEvent[] = [];
    const result = await applyPlan({
      plan: planned,
      settings,
      grafana,
      message: 'dashsync: test',
      force: false,
      // The 5 refused writes have all failed (5 in a row, in the order they ended): the 3 held saves go on and land.
      onEvent: (event) => {
        if (event.outcome === 'failed' && failed.push(event) === 5) sandbox.releaseHeld();
      },
    });

    expect(result.stoppedBy).toBeNull();
    expect(result.failures.map((failure) => failure.message)).toEqual(Array(5).fill(expect.stringMatching(/HTTP 503.*\(gave up after 2 attempts\)$/)));
    expect(result.created).toHaveLength(3);
    expect([...result.deleted].sort()).toEqual(['old0', 'old1', 'old2', 'old3']);
    expect(result.notStarted).toEqual([]);
    // Not a stop: only the way forward for the 5 that failed.
    expect(renderApplyStop(result)).toBe(
      '5 planned changes failed (their lines are above); once the cause is fixed or has passed (a 429 or 5xx often does), run dashsync apply again to finish (what is done is skipped)\n',
    );
  });

  it('a Grafana that refuses every write stops the run within 5 rounds of writes: the stop line counts what was done, what failed and what was not started', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const count = 60;
    const { settings, grafana, plan } = await setUp(sandbox, (dashboards) => void writeDashboardTree(dashboards, { count, seed: 5 }));
    const planned = await plan();
    expect(planned.summary).toMatchObject({ create: count });
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', errorRate: 1, errorStatus: 503 });
    sandbox.clearRequests();

    const result = await applyPlan({ plan: planned, settings, grafana, message: 'dashsync: test', force: false });

    expect(result.stoppedBy).toBe('writes-refused');
    const failedCount = result.failures.length;
    // Each counted refusal is of a write sent after the one before was refused: at most 8 writes go out per round.
    expect(failedCount).toBeGreaterThanOrEqual(5);
    expect(failedCount).toBeLessThanOrEqual(5 * CONCURRENCY);
    expect(result.notStarted).toHaveLength(count - failedCount);
    // Nothing was sent for the changes not started: each failed one was sent twice, and that is all.
    expect(saves(sandbox)).toHaveLength(2 * failedCount);
    const folders = result.foldersCreated.length;
    expect(renderApplyStop(result).split('\n')[0]).toBe(
      'stopped: Grafana refuses every write (HTTP 503 to 5 writes in a row, each after its retries), so no further change was started: ' +
        `${folders} done, ${failedCount} failed, ${count - failedCount} not started. ` +
        'Run dashsync apply again once it takes writes; if it keeps refusing, ask who runs it (maintenance, a read-only database?)',
    );
  });
});
