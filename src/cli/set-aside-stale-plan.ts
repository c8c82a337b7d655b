import { rename, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePlanFile, validatePlan } from '../plan/plan-file.js';

/** Appended to `<env>.plan.json` in a plan directory when a later run of several environments could not plan that environment. */
export const STALE_PLAN_SUFFIX = '.stale';

export type SetAside =
  | { kind: 'none' }
  /** dashsync's plan of that environment, renamed to `to` (made at `createdAt`). */
  | { kind: 'set-aside'; to: string; createdAt: string }
  /** A file there that is no plan dashsync saved for that environment (or whose `.stale` name is taken by one): left as it is. */
  | { kind: 'left'; why: string };

/**
 * A run that could not plan `environment` leaves no older `<env>.plan.json` in its plan directory to be taken for this
 * run's (shown, uploaded, applied): dashsync's own plan of that environment is renamed `<file>.stale`, over an older
 * `.stale` only where that one is dashsync's plan of the environment too. Any other file is left as it is (dashsync never
 * removes a file it did not write). `file` is relative to `cwd`, as printed.
 */
export async function setAsideStalePlan(file: string, environment: string, cwd: string): Promise<SetAside> {
  const parsed = await parsePlanFile(file, cwd);
  if (parsed === null) return (await exists(file, cwd)) ? { kind: 'left', why: 'no plan dashsync saved' } : { kind: 'none' };
  const plan = planOf(parsed.value, file, environment);
  if (plan === null) return { kind: 'left', why: `no plan dashsync saved for environment ${environment}` };
  const to = `${file}${STALE_PLAN_SUFFIX}`;
  const older = await parsePlanFile(to, cwd);
  if ((older !== null && planOf(older.value, to, environment) === null) || (older === null && (await exists(to, cwd)))) {
    return { kind: 'left', why: `${to}, where it would be set aside, is a file dashsync did not write` };
  }
  await rename(resolve(cwd, file), resolve(cwd, to));
  return { kind: 'set-aside', to, createdAt: plan.createdAt };
}

function planOf(value: unknown, file: string, environment: string): { createdAt: string } | null {
  try {
    const plan = validatePlan(value, file, 'show');
    return plan.target.environment === environment ? { createdAt: plan.createdAt } : null;
  } catch {
    return null;
  }
}

async function exists(file: string, cwd: string): Promise<boolean> {
  return stat(resolve(cwd, file)).then(() => true, () => false);
}
