import { withoutGrafanaVariables } from '../config/without-grafana-variables.js';
import { loadSettings } from '../config/load-settings.js';
import type { Settings } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { ActionInputs } from './action-inputs.js';

/**
 * Resolves the Action's inputs into the same Settings the CLI uses: the URL, token and org
 * go in as GRAFANA_URL / GRAFANA_TOKEN / GRAFANA_ORG_ID (the one path credentials take),
 * the rest as flags, so dashsync.config.json and the defaults apply exactly as on the CLI.
 */
export async function loadActionSettings(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<Settings> {
  const online = inputs.command !== 'check';
  const actionEnv: Record<string, string | undefined> = online ? { ...env } : withoutGrafanaVariables(env);
  if (online) {
    if (inputs.grafanaUrl !== undefined) actionEnv.GRAFANA_URL = inputs.grafanaUrl;
    if (inputs.grafanaToken !== undefined) actionEnv.GRAFANA_TOKEN = inputs.grafanaToken;
    if (inputs.orgId !== undefined) actionEnv.GRAFANA_ORG_ID = String(inputs.orgId);
  }
  const { args } = inputs;
  const settings = await loadSettings({
    flags: {
      config: inputs.config,
      root: inputs.path,
      prune: inputs.prune,
      concurrency: args.concurrency,
      timeout: args.timeout,
      include: args.include.length > 0 ? args.include : undefined,
      exclude: args.exclude.length > 0 ? args.exclude : undefined,
      caCert: args.caCert,
      insecure: args.insecure || undefined,
      verbose: args.verbose || undefined,
      maxDeletes: args.maxDeletes,
      message: args.message,
      deleteMode: args.deleteMode,
      color: false,
    },
    env: actionEnv,
    cwd,
  });
  if (online) {
    const problems: string[] = [];
    if (!settings.url) {
      problems.push(`input "grafana-url" is required for command ${inputs.command} (or "url" in dashsync.config.json)`);
    }
    if (settings.auth.kind === 'none') {
      problems.push(
        `input "grafana-token" is required for command ${inputs.command}: a Grafana service account token from a secret, ` +
          'e.g. grafana-token: ${{ secrets.GRAFANA_TOKEN }} (an empty value means the secret is missing or not available to this workflow run)',
      );
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return settings;
}

