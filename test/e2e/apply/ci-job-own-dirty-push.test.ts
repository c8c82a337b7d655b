import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { commitAll, git, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (description?: string) => ({ uid: 'gen', title: 'Generated', schemaVersion: 39, ...(description !== undefined && { description }), panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] });

const GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/dashboards', GITHUB_WORKFLOW_REF: 'acme/dashboards/.github/workflows/deploy.yml@refs/heads/main', GITHUB_JOB: 'deploy' };

/** One CI run: a fresh clone of `origin` in a directory of its own, the job regenerates gen.json (not committed), then applies. */
async function ciRun(sandbox: SandboxHandle, origin: string, description: string, variables: Record<string, string | undefined>) {
  const checkout = await makeWorkDir();
  await git(checkout, 'clone', '-q', origin, '.');
  await writeFile(join(checkout, 'dashboards', 'gen.json'), `${JSON.stringify(model(description), null, 2)}\n`);
  return runCliInProcess(['apply', '--auto-approve'], { cwd: checkout, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...variables } });
}

const live = async (sandbox: SandboxHandle) => (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/gen')).body.dashboard.description as string | undefined;

const PULL_REQUEST_7 = { ...GITHUB, GITHUB_REF: 'refs/pull/7/merge', GITHUB_WORKFLOW_REF: 'acme/dashboards/.github/workflows/deploy.yml@refs/pull/7/merge' };
const ON_MAIN = { ...GITHUB, GITHUB_REF: 'refs/heads/main' };
const ON_FEATURE = { ...GITHUB, GITHUB_REF: 'refs/heads/feature-x', GITHUB_WORKFLOW_REF: 'acme/dashboards/.github/workflows/deploy.yml@refs/heads/feature-x' };

/** The first run's warning: what it says of the runs that take its push as their own. */
const ANY_CHECKOUT = 'a plan in any other checkout (another clone, a CI job) counts it';
const GITHUB_JOB = "naming this pipeline: its later runs on any branch or tag (a re-run of an older one too) take it as their own";
const PULL_REQUEST = "naming this job's runs for pull request #7: its later runs for that pull request (a re-run of an older one too) take it as their own";

// rev-68c M1: `[uncommitted <id>]` named the host and directory, which change on every CI run (a runner, a container, a per-run
// workspace): a job applying files it generates held its own earlier push as someone else's change on its next run. A pipeline's
// runs share one id (GitHub's repository, workflow and job; DASHSYNC_CHECKOUT_ID anywhere); other checkouts still hold it.
describe.each([
  { name: 'GitHub Actions', port: 19760, variables: GITHUB, held: false, warning: GITHUB_JOB },
  // review-69b M4: a workflow deploying each tag runs on a new ref every time (GITHUB_WORKFLOW_REF's `@refs/tags/…`).
  {
    name: 'GitHub Actions, a deploy of each tag',
    port: 0,
    variables: { ...GITHUB, GITHUB_WORKFLOW_REF: 'acme/dashboards/.github/workflows/deploy.yml@refs/tags/v1.0.0' },
    nextVariables: { ...GITHUB, GITHUB_WORKFLOW_REF: 'acme/dashboards/.github/workflows/deploy.yml@refs/tags/v1.1.0' },
    held: false,
    warning: GITHUB_JOB,
  },
  // rev-69c: a job's runs for a pull request (GitHub's merge refs/pull/N/merge, a tree no branch holds) share an id of their
  // own: its next run for that pull request takes the push as its own; its run on main, or a run for another pull request, does not.
  { name: "GitHub Actions, a pull request's two runs", port: 0, variables: PULL_REQUEST_7, held: false, warning: PULL_REQUEST },
  { name: "GitHub Actions, the job's run on main after its run for a pull request", port: 0, variables: PULL_REQUEST_7, nextVariables: ON_MAIN, held: true, warning: PULL_REQUEST },
  { name: "GitHub Actions, the job's run for a pull request after its run on main", port: 0, variables: ON_MAIN, nextVariables: PULL_REQUEST_7, held: true, warning: GITHUB_JOB },
  // fixt-71: the job's runs on two branches share the id (a release branch's first run takes the last one's push as its own,
  // as tag runs do), and the apply's warning says so ("on any branch or tag"); a DASHSYNC_CHECKOUT_ID of each branch keeps them apart.
  { name: "GitHub Actions, the job's run on another branch after its run on main", port: 0, variables: ON_MAIN, nextVariables: ON_FEATURE, held: false, warning: GITHUB_JOB },
  {
    name: 'GitHub Actions, a DASHSYNC_CHECKOUT_ID of each branch',
    port: 0,
    variables: { ...ON_MAIN, DASHSYNC_CHECKOUT_ID: 'deploy-main' },
    nextVariables: { ...ON_FEATURE, DASHSYNC_CHECKOUT_ID: 'deploy-feature-x' },
    held: true,
    warning: 'naming this pipeline: its later runs (a re-run of an older one too) take it as their own',
  },
  { name: 'DASHSYNC_CHECKOUT_ID', port: 19761, variables: { DASHSYNC_CHECKOUT_ID: 'nightly-generator' }, held: false, warning: 'naming this pipeline: its later runs (a re-run of an older one too) take it as their own' },
  { name: 'neither (two directories)', port: 19762, variables: {}, held: true, warning: ANY_CHECKOUT },
] as { name: string; port: number; variables: Record<string, string>; nextVariables?: Record<string, string>; held: boolean; warning: string }[])('a CI job applying a file it regenerates, every run a fresh clone elsewhere ($name)', ({ port, variables, nextVariables, held, warning }) => {
  it(held ? 'the second run holds the first run\'s push (exit 1)' : 'the second run applies over its own earlier push (exit 0)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', port });
    const origin = await makeWorkDir();
    await writeFile(join(origin, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards' })}\n`);
    await mkdir(join(origin, 'dashboards'));
    await writeFile(join(origin, 'dashboards', 'gen.json'), `${JSON.stringify(model(), null, 2)}\n`);
    await writeFile(join(origin, 'source.txt'), 'v1\n');
    await commitAll(origin, 'first');

    const first = await ciRun(sandbox, origin, 'gen v1', variables);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // review-69b L3: the warning tells a pipeline that its own later runs take the push as theirs, not that "a CI run" holds it.
    expect(first.stderr).toContain(warning);
    // The id's inputs are never shown: not in what Grafana keeps, nor in the output.
    const kept = JSON.stringify([(await apiRequest(sandbox, 'GET', '/api/dashboards/uid/gen')).body, (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/gen/versions')).body]);
    expect(kept + first.stdout + first.stderr).not.toMatch(/acme|deploy\.yml|nightly/);

    await writeFile(join(origin, 'source.txt'), 'v2\n');
    await commitAll(origin, 'second');
    const second = await ciRun(sandbox, origin, 'gen v2', nextVariables ?? variables);
    if (held) {
      expect(second.code, second.stdout + second.stderr).toBe(1);
      expect(second.stdout).toContain('last saved in Grafana by dashsync from a checkout whose file held changes not committed');
      expect(second.stdout).toContain('; 1 conflict');
      expect(await live(sandbox)).toBe('gen v1');
    } else {
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect(second.stdout).toContain('Applied: 0 created, 1 updated');
      expect(await live(sandbox)).toBe('gen v2');
    }
  });
});
