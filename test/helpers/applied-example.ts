import { expect } from 'vitest';
import type { SandboxOptions } from '../../src/sandbox/types.js';
import { exampleWorkspace, useApi, type Workspace } from '../e2e/apply/workspace.js';
import { startTestSandbox } from './sandbox.js';

/**
 * A sandbox started with `options` and a workspace holding the repository's example tree, applied
 * to it through `api` (`legacy` by default: the tests of `/api` behaviour). An apply that does not
 * exit 0 fails the test here.
 */
export async function appliedExample(options: SandboxOptions, api: 'auto' | 'legacy' | 'k8s' = 'legacy'): Promise<{ sandbox: Awaited<ReturnType<typeof startTestSandbox>>; workspace: Workspace }> {
  const sandbox = await startTestSandbox(options);
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, api);
  expect((await workspace.cli(['apply'])).code).toBe(0);
  return { sandbox, workspace };
}
