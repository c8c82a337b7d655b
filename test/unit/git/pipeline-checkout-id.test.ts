import { describe, expect, it } from 'vitest';
import { checkoutId, pipelineCheckout } from '../../../src/git/checkout-id.js';

const pipelineCheckoutId = (env: Record<string, string | undefined>, environment: string | undefined) => pipelineCheckout(env, environment)?.id;

const GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/dashboards', GITHUB_WORKFLOW_REF: 'acme/dashboards/.github/workflows/deploy.yml@refs/heads/main', GITHUB_JOB: 'deploy' };

// rev-68c M1: a pipeline's runs (new host, new workspace each time) share one id; distinct jobs, workflows and environments do not.
describe('pipelineCheckoutId', () => {
  it('is 12 hex digits, the same for every run of one GitHub job, whatever the runner', () => {
    const id = pipelineCheckoutId({ ...GITHUB, RUNNER_NAME: 'GitHub Actions 12', GITHUB_WORKSPACE: '/home/runner/work/a' }, undefined);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(pipelineCheckoutId({ ...GITHUB, RUNNER_NAME: 'GitHub Actions 40', GITHUB_WORKSPACE: '/tmp/w' }, undefined)).toBe(id);
  });

  // review-69b M4: a workflow that deploys each tag (or release, or a workflow_dispatch from another branch) runs on a new ref every time.
  it('is the same whatever branch or tag the run is on', () => {
    const id = pipelineCheckoutId(GITHUB, undefined);
    for (const ref of ['refs/tags/v1.0.0', 'refs/tags/v1.1.0', 'refs/heads/release/2026-12', 'refs/heads/gh-readonly-queue/main/pr-7-0123abcd']) {
      expect(pipelineCheckoutId({ ...GITHUB, GITHUB_REF: ref, GITHUB_WORKFLOW_REF: `acme/dashboards/.github/workflows/deploy.yml@${ref}` }, undefined)).toBe(id);
    }
    expect(pipelineCheckout(GITHUB, undefined)?.runs).toBe('github-job');
  });

  // rev-69c: a pull_request run plans GitHub's merge of the pull request (refs/pull/N/merge), a tree no branch holds.
  it("keeps a pull request's runs apart: one id for all its runs, another than the branch runs' and other pull requests'", () => {
    const pr = (n: number, suffix = 'merge') => ({ ...GITHUB, GITHUB_REF: `refs/pull/${n}/${suffix}`, GITHUB_WORKFLOW_REF: `acme/dashboards/.github/workflows/deploy.yml@refs/pull/${n}/${suffix}` });
    const seven = pipelineCheckout(pr(7), undefined);
    expect(seven).toEqual({ id: expect.stringMatching(/^[0-9a-f]{12}$/), runs: { pullRequest: 7 } });
    expect(pipelineCheckoutId({ ...pr(7), RUNNER_NAME: 'another runner' }, undefined)).toBe(seven?.id);
    expect(pipelineCheckoutId(pr(7, 'head'), undefined)).toBe(seven?.id);
    // GITHUB_WORKFLOW_REF alone tells it too.
    expect(pipelineCheckoutId({ ...pr(7), GITHUB_REF: undefined }, undefined)).toBe(seven?.id);
    const others = [pipelineCheckoutId(GITHUB, undefined), pipelineCheckoutId(pr(8), undefined), pipelineCheckoutId(pr(7), 'prod'), pipelineCheckoutId({ ...pr(7), GITHUB_JOB: 'preview' }, undefined)];
    expect(new Set([seven?.id, ...others]).size).toBe(5);
    // pull_request_target runs on the base branch's ref: that branch's.
    expect(pipelineCheckoutId({ ...GITHUB, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main', GITHUB_HEAD_REF: 'feature' }, undefined)).toBe(pipelineCheckoutId(GITHUB, undefined));
    // DASHSYNC_CHECKOUT_ID still wins.
    expect(pipelineCheckout({ ...pr(7), DASHSYNC_CHECKOUT_ID: 'previews' }, undefined)).toEqual({ id: pipelineCheckoutId({ DASHSYNC_CHECKOUT_ID: 'previews' }, undefined), runs: 'chosen' });
  });

  it('differs by job, workflow, repository and dashsync environment', () => {
    const ids = [
      pipelineCheckoutId(GITHUB, undefined),
      pipelineCheckoutId({ ...GITHUB, GITHUB_JOB: 'preview' }, undefined),
      pipelineCheckoutId({ ...GITHUB, GITHUB_WORKFLOW_REF: 'acme/dashboards/.github/workflows/other.yml@refs/heads/main' }, undefined),
      pipelineCheckoutId({ ...GITHUB, GITHUB_REPOSITORY: 'acme/other' }, undefined),
      pipelineCheckoutId(GITHUB, 'prod'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes GITHUB_WORKFLOW where GITHUB_WORKFLOW_REF is not set, and none outside GitHub Actions', () => {
    expect(pipelineCheckoutId({ ...GITHUB, GITHUB_WORKFLOW_REF: undefined, GITHUB_WORKFLOW: 'Deploy' }, undefined)).toMatch(/^[0-9a-f]{12}$/);
    expect(pipelineCheckoutId({ ...GITHUB, GITHUB_ACTIONS: undefined }, undefined)).toBeUndefined();
    expect(pipelineCheckoutId({ ...GITHUB, GITHUB_JOB: ' ' }, undefined)).toBeUndefined();
    expect(pipelineCheckoutId({}, 'prod')).toBeUndefined();
  });

  it('DASHSYNC_CHECKOUT_ID wins anywhere, and is never the id itself', () => {
    const chosen = pipelineCheckoutId({ ...GITHUB, DASHSYNC_CHECKOUT_ID: 'laptop-container' }, undefined);
    expect(chosen).toBe(pipelineCheckoutId({ DASHSYNC_CHECKOUT_ID: 'laptop-container' }, 'prod'));
    expect(chosen).not.toBe(pipelineCheckoutId(GITHUB, undefined));
    expect(chosen).toMatch(/^[0-9a-f]{12}$/);
    expect(pipelineCheckoutId({ DASHSYNC_CHECKOUT_ID: '' }, undefined)).toBeUndefined();
  });

  it('leaves the machine-and-directory id as it was', () => {
    expect(checkoutId('/repo', 'host')).toBe(checkoutId('/repo', 'host'));
    expect(checkoutId('/repo', 'host')).not.toBe(checkoutId('/repo2', 'host'));
  });
});
