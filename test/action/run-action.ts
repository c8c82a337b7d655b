import { execFile, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { TEST_NODE } from '../helpers/test-node.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(REPO, 'dist-action/index.cjs');

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Outputs as the runner reads them from GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  outputsText: string;
  summary: string;
}

/** A temporary workspace holding a copy of test/action/fixtures/<name>; removed after the test. */
export async function makeWorkspace(fixture = 'tree'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-action-'));
  await cp(join(REPO, 'test/action/fixtures', fixture), dir, { recursive: true });
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs the committed bundle as the runner does: `node dist-action/index.cjs` (that node: TEST_NODE) with the inputs
 * as INPUT_<NAME> (upper-cased, dashes kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
 * and none of the caller's GRAFANA_* variables; progress lines off unless `env` sets DASHSYNC_PROGRESS_INTERVAL.
 * GitHub's requests are sent again without the requester's pause (a second) unless `env` sets
 * DASHSYNC_TEST_GITHUB_RETRY_PAUSE_MS: a variable only this harness sets (src/action/comment-github.ts reads it, up
 * to that second), which spares the comment tests' failed requests ~30 s of waiting and changes nothing they assert.
 */
export async function runAction(workspace: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return startAction(workspace, inputs, env).finished;
}

/** As runAction, with the child at hand (to signal it as a cancelled run's runner does). */
export function startAction(
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): { child: ChildProcess; finished: Promise<ActionRun> } {
  const outputFile = join(workspace, `.github-output-${Math.random().toString(36).slice(2)}`);
  const summaryFile = join(workspace, `.github-summary-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKSPACE: workspace,
    // The workflow and job a runner names (GITHUB_JOB is the job's id in the workflow file): the advice to re-run names them.
    GITHUB_WORKFLOW: 'Dashboards',
    GITHUB_JOB: 'dashsync',
    // No progress lines unless a test asks for them: a slow machine must not add one to a log a test reads whole.
    DASHSYNC_PROGRESS_INTERVAL: '0',
    // The pause before GitHub's requests are sent again: the order of what is sent, not its timing, is under test.
    DASHSYNC_TEST_GITHUB_RETRY_PAUSE_MS: '0',
    ...env,
  };
  for (const [name, value] of Object.entries(inputs)) childEnv[`INPUT_${name.toUpperCase()}`] = value;
  let child!: ChildProcess;
  const exited = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    child = execFile(TEST_NODE, [BUNDLE], { cwd: workspace, env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const exit = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code: exit, stdout, stderr });
    });
  });
  const finished = exited.then(async ({ code, stdout, stderr }) => {
    const outputsText = await readFile(outputFile, 'utf8');
    const summary = await readFile(summaryFile, 'utf8');
    await rm(outputFile, { force: true });
    await rm(summaryFile, { force: true });
    return { code, stdout, stderr, outputs: parseOutputs(outputsText), outputsText, summary };
  });
  return { child, finished };
}

/** GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` records; a later value wins, as on the runner. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (match) {
      const [, name, delimiter] = match;
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i]!);
      outputs[name!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      outputs[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return outputs;
}

/** The runner's environment for a pull_request event (`event` is its payload) against a GitHub stand-in at `apiUrl`. */
export async function pullRequestEnv(workspace: string, apiUrl: string, event: unknown): Promise<Record<string, string>> {
  const eventPath = join(workspace, '.event.json');
  await writeFile(eventPath, JSON.stringify(event));
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'octo/dashboards',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
  };
}
