import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * The plan file's absolute path, refused outside the workspace (GITHUB_WORKSPACE, else the
 * working directory): a plan is written and read only in the checkout the workflow controls,
 * never as `../../etc/passwd` or a file another job left on a self-hosted runner.
 */
export function resolvePlanFile(planFile: string, cwd: string, workspace: string | undefined): string {
  const root = resolve(workspace || cwd);
  const path = resolve(cwd, planFile);
  const inside = relative(root, path);
  if (inside === '' || inside.split(sep)[0] === '..' || isAbsolute(inside)) {
    throw new ConfigError([`input "plan-file" must be a file inside the workspace (${root}), got "${planFile}": give a path relative to the repository, e.g. dashsync-plan.json`]);
  }
  return path;
}
