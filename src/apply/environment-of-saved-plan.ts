import { credentialVariables } from '../config/environment-name.js';
import type { Settings } from '../config/types.js';
import type { ParsedPlanFile } from '../plan/plan-file.js';

/**
 * The environment a saved plan was made for, when the run names none (no --env, no DASHSYNC_ENV, no Action
 * input): the plan may be applied to that one only, so asking for it would only make the user type it.
 * Undefined when the run names one (a different one is refused as before) or the plan names none; a file
 * that cannot be read as a plan (`plan` null: parsePlanFile) is left to readPlanFile to report.
 */
export function environmentOfSavedPlan(plan: ParsedPlanFile | null | undefined, named: string | undefined): string | undefined {
  if (!plan || (named !== undefined && named.trim() !== '')) return undefined;
  const environment = (plan.value as { target?: { environment?: unknown } } | null)?.target?.environment;
  return typeof environment === 'string' && environment.trim() !== '' ? environment : undefined;
}

/** The line saying so, first of the run's output: the plan file as the user gave it, and what the run lacked. */
export function describePlanEnvironmentChoice(planFile: string, environment: string, lacking = 'no --env given'): string {
  return `${planFile} was made for environment ${environment}: applying it there (${lacking})`;
}

/**
 * When the environment came from the plan (the run named none), the credentials the run would send it: undefined when
 * they are that environment's own (GRAFANA_TOKEN_<NAME>, GRAFANA_USER_<NAME> + GRAFANA_PASSWORD_<NAME>) or there are
 * none; else where they come from (GRAFANA_TOKEN, the fallback of every environment), which nothing in the run meant
 * for this environment's Grafana (review-7 #7).
 */
export function credentialsNotMeantFor(settings: Pick<Settings, 'auth' | 'environment'>): string | undefined {
  if (settings.environment === undefined || settings.auth.kind === 'none') return undefined;
  const own = credentialVariables(settings.environment);
  const from = settings.auth.from ?? 'GRAFANA_TOKEN';
  return from === own.token || from === `${own.user} and ${own.password}` ? undefined : from;
}

/**
 * The refusal when credentialsNotMeantFor names a source (`from`): one line saying how this run names the environment,
 * so the token goes to the plan's Grafana only when the run says it is meant for it.
 */
export function describeCredentialsNotMeantFor(planFile: string, environment: string, from: string, shell: 'cli' | 'action'): string {
  const own = credentialVariables(environment).token;
  const what = from.includes('TOKEN') || from.includes('token') ? 'the token is' : 'the credentials are';
  const name = shell === 'cli' ? `add --env ${environment}` : `set environment: ${environment}`;
  const orOwn = from.startsWith('input') ? '' : `, or set ${own}${shell === 'cli' ? '' : " in the step's env"}`;
  return `${from} without ${shell === 'cli' ? '--env' : 'an "environment" input'}, and ${planFile} was made for environment ${environment}: ${name} (the plan's) so ${what} meant for its Grafana${orOwn}`;
}
