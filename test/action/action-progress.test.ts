import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction, startAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

describe('the Action log: progress lines and the retry note, as the CLI writes them in a CI log; the note in the job summary too', () => {
  it('apply: a progress line while saves are held, with the retries so far; the retry note before the summary line, and in the apply\'s job summary', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    // The first save is answered 503 and sent again; then both saves (the fixture's two dashboards) are held.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 503 }, { kind: 'hold' }, { kind: 'hold' }] });
    const { child, finished } = startAction(
      workspace,
      { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token },
      { GITHUB_EVENT_NAME: 'push', DASHSYNC_PROGRESS_INTERVAL: '0.05' },
    );
    let stdout = '';
    const line = 'apply: 0/2 dashboards done, 1 request retried (503: 1)';
    const lineSeen = new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer | string) => {
        stdout += String(chunk);
        if (stdout.split('\n').includes(line)) resolve();
      });
      void finished.then(() => resolve());
    });
    await sandbox.whenHeld(2);
    await lineSeen;
    sandbox.releaseHeld();
    sandbox.setFaults(undefined);
    const run = await finished;
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(line);
    const note = lines.indexOf('note: 1 request retried (503: 1)');
    const applied = lines.findIndex((text) => text.startsWith('Applied: 2 created'));
    expect(note).toBeGreaterThan(lines.lastIndexOf(line));
    expect(applied).toBeGreaterThan(note);
    // The run ended its ticks: no progress line after the note.
    expect(lines.slice(note).filter((text) => /^(apply|plan): \d+\/\d+ dashboards/.test(text))).toEqual([]);
    // The job page says it too, below what the apply did (the plan made in this step, above, has none of its own).
    expect(run.summary).toMatch(/\*\*Applied: 2 created[^\n]*\*\*\n\n> \[!NOTE\]\n> - 1 request retried \(503: 1\)\n\n$/);
    expect(run.summary.match(/retried/g)).toHaveLength(1);
  });

  it('plan: the retry note after the saved-plan line, and below the plan in the job summary; DASHSYNC_PROGRESS_INTERVAL that is not a number fails the step before any request', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/search', script: [{ kind: 'status', status: 503 }] });
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token };
    const plan = await runAction(workspace, inputs);
    expect(plan.code, plan.stdout).toBe(0);
    const lines = plan.stdout.split('\n');
    const note = lines.indexOf('note: 1 request retried (503: 1)');
    expect(note).toBeGreaterThan(lines.findIndex((text) => text.startsWith('Saved the plan to dashsync-plan.json')));
    // As the CLI's --format markdown, the job summary holds the plan, then the retry note.
    expect(plan.summary).toMatch(/^## dashsync plan\n[\s\S]+\n\n> \[!NOTE\]\n> - 1 request retried \(503: 1\)\n\n$/);

    sandbox.setFaults(undefined);
    sandbox.clearRequests();
    const wrong = await runAction(workspace, inputs, { DASHSYNC_PROGRESS_INTERVAL: 'often' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('::error::DASHSYNC_PROGRESS_INTERVAL must be a number of seconds (0 turns progress lines off), got "often"');
    expect(sandbox.requests()).toEqual([]);
  });
});
