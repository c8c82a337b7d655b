import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * The environment a saved plan was made for, when the run names none (no --env, no DASHSYNC_ENV, no Action
 * input): the plan may be applied to that one only, so asking for it would only make the user type it.
 * Undefined when the run names one (a different one is refused as before) or the plan names none; a file
 * that cannot be read as a plan is left to readPlanFile to report.
 */
export async function environmentOfSavedPlan(planFile: string | undefined, named: string | undefined, cwd: string): Promise<string | undefined> {
  if (planFile === undefined || (named !== undefined && named.trim() !== '')) return undefined;
  try {
    const value = JSON.parse(await readFile(resolve(cwd, planFile), 'utf8')) as { target?: { environment?: unknown } } | null;
    const environment = value?.target?.environment;
    return typeof environment === 'string' && environment.trim() !== '' ? environment : undefined;
  } catch {
    return undefined;
  }
}

/** The line saying so, first of the run's output: the plan file as the user gave it, and what the run lacked. */
export function describePlanEnvironmentChoice(planFile: string, environment: string, lacking = 'no --env given'): string {
  return `${planFile} was made for environment ${environment}: applying it there (${lacking})`;
}
