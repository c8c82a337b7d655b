import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction, startAction } from './run-action.js';

// Each test runs the bundle twice (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const NOTE =
  "::warning::SIGINT: the run was cancelled after this step had ended: its outcome above stands; it finishes writing its job summary and closing its connections, then exits with that outcome (the runner's next signal ends it at once)";

/**
 * An apply of a saved plan whose job summary is a named pipe: the step's write of it, which follows its summary line, waits
 * until the test reads the pipe. The runner's cancel (SIGINT) is sent once the summary line is in the log, so it lands after
 * the step's outcome, whatever the machine's speed.
 */
async function applyHeldAfterSummary() {
  const sandbox = await startTestSandbox();
  const token = await sandbox.createToken('Admin');
  const workspace = await makeWorkspace();
  const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
  expect((await runAction(workspace, { command: 'plan', ...inputs })).code).toBe(0);
  const summaryPipe = join(workspace, '.job-summary.pipe');
  execFileSync('mkfifo', [summaryPipe]);
  const { child, finished } = startAction(workspace, { command: 'apply', ...inputs }, { GITHUB_EVENT_NAME: 'push', GITHUB_STEP_SUMMARY: summaryPipe });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  await vi.waitFor(() => expect(log).toMatch(/^Applied: \d+ created/m), { timeout: 60_000, interval: 50 });
  return { child, finished, summaryPipe, log: () => log, sandbox };
}

describe('the Action: a run cancelled after the step printed its outcome', () => {
  it('says so in the log (a warning), finishes the job summary and exits with the apply\'s own outcome (exit 0)', async () => {
    const { child, finished, summaryPipe, log, sandbox } = await applyHeldAfterSummary();
    child.kill('SIGINT');
    await vi.waitFor(() => expect(log()).toContain(NOTE), { timeout: 30_000, interval: 50 });
    // Read only now: the job summary the step was writing when the cancel came is written whole.
    const summary = await readFile(summaryPipe, 'utf8');
    const run = await finished;

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::warning::SIG'))).toEqual([NOTE]);
    expect(run.stdout).not.toContain('no new work starts');
    expect(summary).toMatch(/^## dashsync apply/);
    expect(summary).toContain('**Applied: ');
    expect(run.outputs['has-changes']).toBe('true');
    // Nothing was undone or stopped: Grafana holds what the summary says was applied.
    expect(sandbox.requests().some((request) => (request.method === 'POST' || request.method === 'PUT') && request.status < 300)).toBe(true);
  });

  it("the runner's SIGTERM after it ends the step at once (exit 130), as the note says", async () => {
    const { child, finished, summaryPipe, log } = await applyHeldAfterSummary();
    child.kill('SIGINT');
    await vi.waitFor(() => expect(log()).toContain(NOTE), { timeout: 30_000, interval: 50 });
    child.kill('SIGTERM');
    // A process ends once its threads do, and one waits in the open of the pipe (a regular file's never waits): read, it ends.
    await readFile(summaryPipe, 'utf8');
    const run = await finished;

    expect(run.code).toBe(130);
  });
});
