import * as core from '@actions/core';
import { credentialsNotMeantFor, describeCredentialsNotMeantFor, describePlanEnvironmentChoice, environmentOfSavedPlan } from '../apply/environment-of-saved-plan.js';
import { credentialVariables } from '../config/environment-name.js';
import { describeMissingUrl } from '../config/describe-missing-url.js';
import { withoutGrafanaVariables } from '../config/without-grafana-variables.js';
import { loadSettings } from '../config/load-settings.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { Settings } from '../config/types.js';
import { ConfigError, markNothingApplied } from '../errors.js';
import { parsePlanFile, type ParsedPlanFile } from '../plan/plan-file.js';
import type { ActionInputs } from './action-inputs.js';
import { resolvePlanFile } from './resolve-plan-file.js';

/** The step's settings, and the saved plan's JSON where choosing the environment parsed it (the apply step reads no second time). */
export interface ActionSettings {
  settings: Settings;
  savedPlan?: ParsedPlanFile | null;
}

/**
 * Resolves the Action's inputs into the same Settings the CLI uses: the URL, token and org
 * go in as GRAFANA_URL / GRAFANA_TOKEN / GRAFANA_ORG_ID (the one path credentials take),
 * the rest as flags, so the config file (the `config` input, else dashsync.config.json) and the
 * defaults apply exactly as on the CLI.
 * With an `environment` (the input, or DASHSYNC_ENV in the step's env), the token input becomes that environment's
 * GRAFANA_TOKEN_<NAME>, so it wins over any token the job's env holds for it.
 */
export async function loadActionSettings(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<ActionSettings> {
  const online = inputs.command !== 'check';
  // A saved plan may go only to the environment it was made for: without an "environment" input, that one.
  // (Parsed only where no environment is named; the apply step validates that parse, else reads the file itself.)
  const savedPlan =
    inputs.command === 'apply' && inputs.environment === undefined && !env.DASHSYNC_ENV?.trim()
      ? await parsePlanFile(resolvePlanFile(inputs.planFile, cwd, env.GITHUB_WORKSPACE), cwd)
      : undefined;
  const planEnvironment = savedPlan === undefined ? undefined : environmentOfSavedPlan(savedPlan, undefined);
  const environment = inputs.environment ?? planEnvironment;
  const actionEnv: Record<string, string | undefined> = online ? { ...env } : withoutGrafanaVariables(env);
  if (online) {
    if (inputs.grafanaUrl !== undefined) actionEnv.GRAFANA_URL = inputs.grafanaUrl;
    if (inputs.grafanaToken !== undefined) {
      // The environment the workflow named (the input, else DASHSYNC_ENV in the step's env): the token is that one's, so a
      // GRAFANA_TOKEN_<NAME> the job's env also holds cannot silently win over it. Not one taken from the plan alone.
      const named = inputs.environment ?? (env.DASHSYNC_ENV?.trim() || undefined);
      actionEnv[named === undefined ? 'GRAFANA_TOKEN' : credentialVariables(named).token] = inputs.grafanaToken;
    }
    if (inputs.orgId !== undefined) actionEnv.GRAFANA_ORG_ID = String(inputs.orgId);
  }
  const { args } = inputs;
  const settings = await loadSettings({
    flags: {
      config: inputs.config,
      env: environment,
      envFrom: planEnvironment === undefined ? 'the "environment" input' : `the environment of plan file ${inputs.planFile}`,
      // A plan's environment the config no longer defines (renamed): the refusal's next step is that plan made again.
      ...(planEnvironment !== undefined && { envOfPlanFile: inputs.planFile }),
      shell: 'action',
      // The advice's commands are pasted at the top of a checkout of the repository (rev-70c L3).
      pastedAt: env.GITHUB_WORKSPACE?.trim() || cwd,
      explicitVariables: online ? explicitInputs(inputs) : [],
      // An apply writes: a GRAFANA_URL of the workflow's env that is not the environment's url is refused, as on the CLI (walk-73 M2).
      writesToGrafana: inputs.command === 'apply' || undefined,
      root: inputs.path,
      prune: inputs.prune,
      concurrency: args.concurrency,
      timeout: args.timeout,
      api: args.api,
      include: args.include.length > 0 ? args.include : undefined,
      exclude: args.exclude.length > 0 ? args.exclude : undefined,
      caCert: args.caCert,
      insecure: args.insecure || undefined,
      verbose: args.verbose || undefined,
      maxDeletes: args.maxDeletes,
      message: args.message,
      deleteMode: args.deleteMode,
      interruptGrace: args.interruptGrace,
    },
    env: actionEnv,
    cwd,
    offline: !online,
    onWarning: (line) => core.warning(escapeText(line)),
  });
  if (online) {
    const problems: string[] = [];
    if (!settings.url) {
      problems.push(
        settings.environment === undefined
          ? `input "grafana-url" is required for command ${inputs.command} (or "url" in ${settings.configFile})`
          : describeMissingUrl(settings.environment, settings.environmentPlace, settings.configFile, 'action'),
      );
    }
    if (settings.auth.kind === 'none') {
      const scoped = settings.environment === undefined ? '' : ` (or ${credentialVariables(settings.environment).token} in the step's env)`;
      problems.push(
        `input "grafana-token" is required for command ${inputs.command}${scoped}: a Grafana service account token from a secret, ` +
          (inputs.command === 'apply'
            ? "e.g. grafana-token: ${{ secrets.GRAFANA_EDITOR_TOKEN }}, a secret of the GitHub environment the job names (an empty value means the secret is missing, or the job names no environment holding it)"
            : 'e.g. grafana-token: ${{ secrets.GRAFANA_VIEWER_TOKEN }} (an empty value means the secret is missing or not available to this workflow run)'),
      );
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }
  if (planEnvironment !== undefined) {
    // The plan chose the environment, and a downloaded plan may be any environment's: only its own token goes to its Grafana.
    const notMeant = inputs.grafanaToken !== undefined ? 'input "grafana-token"' : credentialsNotMeantFor(settings);
    // Before anything is sent: describeError says nothing was applied.
    if (notMeant !== undefined) throw markNothingApplied(new ConfigError([describeCredentialsNotMeantFor(inputs.planFile, planEnvironment, notMeant, 'action')]));
    core.info(escapeText(describePlanEnvironmentChoice(inputs.planFile, planEnvironment, 'no "environment" input')));
  }
  return { settings, savedPlan };
}

/** The variables this step set from its own inputs: written in the workflow for this step, they replace the config file's value as a flag does. */
function explicitInputs(inputs: ActionInputs): ('GRAFANA_URL' | 'GRAFANA_ORG_ID')[] {
  return [...(inputs.grafanaUrl !== undefined ? (['GRAFANA_URL'] as const) : []), ...(inputs.orgId !== undefined ? (['GRAFANA_ORG_ID'] as const) : [])];
}
