import { parseGrafanaUrl } from '../config/parse-grafana-url.js';
import { parsePruneScope } from '../config/parse-prune-scope.js';
import type { PruneScope } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { ACTION_COMMANDS, type ActionCommand } from './action-command.js';
import { parseActionArgs, type ActionArgs } from './parse-action-args.js';

/** The Action's inputs, validated: one typed object the steps work from. */
export interface ActionInputs {
  command: ActionCommand;
  /** Tree root, relative to the workspace; undefined = not given (the config file's `root`, else dashboards). */
  path: string | undefined;
  grafanaUrl: string | undefined;
  grafanaToken: string | undefined;
  orgId: number | undefined;
  /** undefined = not given (the config file or the default decides). */
  prune: PruneScope | undefined;
  planFile: string;
  /** Whether plan-file is the default name: a name of its own that is missing is a mistake, never a request to plan and apply in one step. */
  planFileIsDefault: boolean;
  /** apply: fail when there is no plan file, instead of planning and applying in one step. */
  requirePlan: boolean;
  /** apply: send the writes although Grafana lists no dashboard write permission for the token (`--ignore-read-only`). */
  ignoreReadOnly: boolean;
  /** plan: the Grafana token is read-only on purpose (a Viewer's; apply has its own), so the plan's read-only warning is a note. */
  readOnlyToken: boolean;
  config: string | undefined;
  /** One environment of the config file (`--env`); undefined = none. */
  environment: string | undefined;
  /** plan: post the markdown plan as a pull-request comment, updated in place on later runs. */
  comment: boolean;
  /** For the comment; the job's GITHUB_TOKEN by default (action.yml). */
  githubToken: string | undefined;
  args: ActionArgs;
}

/** action.yml's default for plan-file; the runner passes it when the workflow does not set the input. */
const DEFAULT_PLAN_FILE = 'dashsync-plan.json';

/** How the runner hands over an input (`core.getInput`): trimmed, '' when not given. */
export type GetInput = (name: string) => string;

/**
 * Reads and validates every input; throws one ConfigError listing every problem.
 * Credentials are never echoed. The URL and token are not required here because a config
 * file or the step's environment may provide them (see loadActionSettings).
 */
export function readActionInputs(getInput: GetInput): ActionInputs {
  const problems: string[] = [];
  const rawCommand = getInput('command');
  const command = (ACTION_COMMANDS as readonly string[]).includes(rawCommand) ? (rawCommand as ActionCommand) : undefined;
  if (!command) {
    problems.push(
      rawCommand === ''
        ? 'input "command" is required: plan, apply or check'
        : `input "command" must be plan, apply or check, got "${rawCommand}"`,
    );
  }

  const rawUrl = getInput('grafana-url');
  let grafanaUrl: string | undefined;
  if (rawUrl !== '') {
    const parsed = parseGrafanaUrl(rawUrl, 'input "grafana-url"', 'pass the token in the "grafana-token" input, from a secret');
    if ('url' in parsed) grafanaUrl = parsed.url;
    else problems.push(parsed.problem);
  }

  const rawOrg = getInput('org-id');
  let orgId: number | undefined;
  if (rawOrg !== '') {
    if (/^\d+$/.test(rawOrg) && Number(rawOrg) >= 1 && Number.isSafeInteger(Number(rawOrg))) orgId = Number(rawOrg);
    else problems.push(`input "org-id" must be a positive integer (Grafana's org id, e.g. 1), got "${rawOrg}"`);
  }

  const prune = readPrune(getInput('prune'), problems);
  const comment = readBoolean(getInput('comment'), 'comment', problems);
  if (comment && command !== undefined && command !== 'plan') {
    problems.push(`input "comment" posts the plan of command plan; command ${command} takes no comment (remove it, or set it to false)`);
  }
  const requirePlan = readBoolean(getInput('require-plan'), 'require-plan', problems);
  if (requirePlan && command !== undefined && command !== 'apply') {
    problems.push(`input "require-plan" is for command apply (it refuses to apply without a reviewed plan); command ${command} takes none (remove it, or set it to false)`);
  }
  const ignoreReadOnly = readBoolean(getInput('ignore-read-only'), 'ignore-read-only', problems);
  if (ignoreReadOnly && command !== undefined && command !== 'apply') {
    problems.push(`input "ignore-read-only" is for command apply (it sends the writes although Grafana lists no write permission for the token); command ${command} takes none (remove it, or set it to false)`);
  }
  const readOnlyToken = readBoolean(getInput('read-only-token'), 'read-only-token', problems);
  if (readOnlyToken && command === 'apply') {
    problems.push(
      'input "read-only-token" is true: it marks this step\'s Grafana token as one that cannot write, and command apply writes; ' +
        "give this step an Editor's or Admin's token (e.g. grafana-token: ${{ secrets.GRAFANA_EDITOR_TOKEN }}, a secret of the GitHub environment the job names) and remove read-only-token",
    );
  } else if (readOnlyToken && command === 'check') {
    problems.push('input "read-only-token" is for command plan (it says the plan\'s Grafana token is read-only on purpose); command check takes none (remove it, or set it to false)');
  }
  const planFile = getInput('plan-file') || DEFAULT_PLAN_FILE;
  const path = getInput('path') || undefined;
  const { args, problems: argProblems } = parseActionArgs(getInput('args'), command ?? 'plan');
  problems.push(...argProblems);

  if (problems.length > 0 || !command) throw new ConfigError(problems);
  return {
    command,
    path,
    grafanaUrl,
    grafanaToken: getInput('grafana-token') || undefined,
    orgId,
    prune,
    planFile,
    planFileIsDefault: planFile === DEFAULT_PLAN_FILE,
    requirePlan,
    ignoreReadOnly,
    readOnlyToken,
    config: getInput('config') || undefined,
    environment: getInput('environment') || undefined,
    comment,
    githubToken: getInput('github-token') || undefined,
    args,
  };
}

/** YAML 1.2 core booleans, as the runner's own getBooleanInput reads them; '' is false. */
function readBoolean(raw: string, name: string, problems: string[]): boolean {
  if (raw === '' || ['false', 'False', 'FALSE'].includes(raw)) return false;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  problems.push(`input "${name}" must be true or false, got "${raw}"`);
  return false;
}

function readPrune(raw: string, problems: string[]): PruneScope | undefined {
  if (raw === '') return undefined;
  const scope = parsePruneScope(raw);
  if (scope === null) problems.push(`input "prune" must be false, folders or all, got "${raw}"`);
  return scope ?? undefined;
}
