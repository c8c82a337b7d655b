import { describe, expect, it } from 'vitest';
import { checkoutId, pipelineCheckoutId } from '../../../src/git/checkout-id.js';

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
    for (const ref of ['refs/tags/v1.0.0', 'refs/tags/v1.1.0', 'refs/heads/release/2026-12', 'refs/pull/42/merge']) {
      expect(pipelineCheckoutId({ ...GITHUB, GITHUB_WORKFLOW_REF: `acme/dashboards/.github/workflows/deploy.yml@${ref}` }, undefined)).toBe(id);
    }
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
