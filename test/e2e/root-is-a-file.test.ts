import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

// walk-72 L1: a root that is a file. pull crashed on its mkdir ("unexpected failure … please report it"), and check and
// plan said "not found" of a path that exists.
describe('a dashboards root that is a file', () => {
  it('check, plan and pull say the same one line, and pull writes nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-root-file-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'dashboards'), 'x\n');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const line = `the dashboards root ${join(dir, 'dashboards')} is a file, not a directory: set --root or "root" in dashsync.config.json to the directory of the dashboards\n`;
    for (const args of [['check'], ['plan'], ['pull', '--all']]) {
      const run = await runCliInProcess(args, { cwd: dir, env });
      expect([run.code, run.stderr], args.join(' ')).toEqual([1, `error: ${line}`]);
    }
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});
