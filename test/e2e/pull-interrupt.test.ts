import { describe, expect, it, vi } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
import { spawnInterruptible } from '../helpers/spawn-interruptible.js';
import { requestHeld, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkDir, saveDashboard, walkFiles } from '../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * The built CLI pulling three dashboards one at a time from a Grafana that answers the first read and holds the second:
 * SIGINT once that read is held. (The first Ctrl-C ends pull's reads at once, and it writes nothing to Grafana: a second
 * one cannot be sent at a known moment here; test/pull/pull-second-interrupt.test.ts drives it in-process.)
 */
async function pullAndInterrupt(): Promise<CliResult & { work: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  for (const uid of ['one', 'two', 'three']) await saveDashboard(sandbox, { uid, title: `Dashboard ${uid}`, panels: [] });
  sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });
  const work = await makeWorkDir();
  const { child, closed } = spawnInterruptible(['pull', '--all', '--api', 'legacy', '--concurrency', '1', '--timeout', '600'], { cwd: work, url: sandbox.url });
  await requestHeld(sandbox);
  child.kill('SIGINT');
  return { ...(await closed), work };
}

describe('Ctrl-C during pull (built CLI)', () => {
  it('once: what was written is listed, the rest named as not started, the summary marked interrupted, exit 1', async () => {
    const run = await pullAndInterrupt();

    expect([run.code, run.signal]).toEqual([1, null]);
    const written = [...run.stdout.matchAll(/^created {2}(\S+)/gm)].map((match) => match[1]);
    expect(written).toHaveLength(1);
    expect(run.stdout).toMatch(/\nPull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted, 2 not started \(interrupted\)\.\n$/);
    expect(run.stderr).toContain('interrupted: 2 not started (not fetched: their files are as they were); what was written is listed above. Run dashsync pull --api legacy again to finish\n');
    expect(run.stderr).toMatch(/^not started \(2\): \w+, \w+$/m);
    const files = (await walkFiles(run.work)).map((file) => file.path);
    expect(files.filter((path) => path.endsWith('.json'))).toHaveLength(1);
    expect(files.filter((path) => path.endsWith('.tmp'))).toEqual([]);
  });
});
