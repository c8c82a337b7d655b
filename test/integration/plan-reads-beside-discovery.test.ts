import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { RequestLogEntry, SandboxHandle } from '../../src/sandbox/types.js';
import { exampleTreeSettings } from '../helpers/example-tree-settings.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'beside discovery', actor: 'tester' };

/** The requests held after the first `seen` held ones, once `count` of them are held at the same time. */
async function heldAfter(sandbox: SandboxHandle, seen: number, count: number): Promise<RequestLogEntry[]> {
  for (;;) {
    const held = sandbox.requests().filter((entry) => entry.fault === 'hold').slice(seen);
    if (held.length >= count && held.every((entry) => entry.status === 0)) return held;
    await sleep(10);
  }
}

const shown = (path: string) => path.replace(/^\/apis\/([a-z]+)\.grafana\.app\/\w+\/namespaces\/default\//, '$1 ');

describe('plan through /apis: the reads after the tree pass that wait for no other answer', () => {
  it('asks for the release and the credentials beside discovery, and the folders beside the access check (the listing\'s first page); the plan is the same', { timeout: 60_000 }, async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { settings } = await exampleTreeSettings(sandbox.url, 'dashsync-beside-discovery-');
    const plan = async () => {
      const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
      try {
        return await createPlan({ settings, grafana, git: GIT });
      } finally {
        await grafana.close();
      }
    };
    const unheld = await plan();

    // Each request held until the test lets it go: those held together were on their way together.
    sandbox.setFaults({ methods: ['GET'], script: Array.from({ length: 5 }, () => ({ kind: 'hold' as const })) });
    sandbox.clearRequests();
    const held = plan();
    const first = await heldAfter(sandbox, 0, 3);
    expect(first.map((entry) => entry.path).sort()).toEqual(['/api/health', '/api/user', '/apis']);
    sandbox.releaseHeld();
    // The access check is the first page of the plan's metadata listing, which the listing does not ask for again.
    const second = await heldAfter(sandbox, 3, 2);
    expect(second.map((entry) => shown(entry.path)).sort()).toEqual(['dashboard dashboards?limit=500', 'folder folders?limit=1000']);
    sandbox.releaseHeld();
    const planned = await held;
    expect(sandbox.requests().filter((entry) => /\/dashboards\?limit=(1|500)$/.test(entry.path)).map((entry) => shown(entry.path))).toEqual(['dashboard dashboards?limit=500']);

    expect(planned.actions).toEqual(unheld.actions);
    expect(planned.summary).toEqual(unheld.summary);
    expect(planned.actions.length).toBeGreaterThan(0);
  });
});
