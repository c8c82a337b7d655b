import type { Shell } from '../describe-error.js';
import { renderNextCommand, type CommandLineFlags } from '../report/next-command.js';
import { ACTION_NEW_PLAN_RUN, renderPlanAgain } from '../report/plan-again.js';
import { editDistance } from '../edit-distance.js';
import { closestName } from './closest-name.js';
import type { ConfigValues } from './config-keys.js';
import type { ConfigFile } from './validate-config-file.js';

export interface EnvironmentChoice {
  /** `--env` (flag), else DASHSYNC_ENV; undefined = not given. */
  flag: string | undefined;
  /** How errors name the flag: `--env`, or the Action's `the "environment" input`. */
  flagName?: string;
  /** The config file has problems of its own: "choose an environment" would only add noise. */
  fileHasProblems?: boolean;
  envVar: string | undefined;
  /** Commands that never talk to Grafana (check) may run without one. */
  offline: boolean;
  /** Whose words the advice takes: the CLI's flags, or the Action's inputs (default: the CLI's). */
  shell?: Shell;
  /** The saved plan whose environment `flag` is, as typed, and the command line's flags of place: the CLI's advice is the plan to make again. */
  savedPlan?: { file: string; commandLine?: CommandLineFlags };
}

/**
 * Pure: which environment of the config file this run uses. A name that is not defined is a
 * problem (with "did you mean"); so is a file with environments and no name, for a command
 * that talks to Grafana — running against the top level would use nobody's settings.
 * `environmentsAt`: where the file writes its "environments" (`dashsync.config.json:4:3`), the file's label where not known.
 */
export function selectEnvironment(
  config: ConfigFile,
  choice: EnvironmentChoice,
  fileLabel: string | undefined,
  environmentsAt: string | undefined = fileLabel,
): { name: string | undefined; values: ConfigValues; problems: string[]; next?: string } {
  const names = Object.keys(config.environments);
  const given = choice.flag !== undefined ? { name: choice.flag.trim(), from: choice.flagName ?? '--env' } : choice.envVar !== undefined ? { name: choice.envVar.trim(), from: 'DASHSYNC_ENV' } : undefined;
  const none = { name: undefined, values: {} };
  if (given === undefined || given.name === '') {
    if (names.length === 0 || choice.offline || choice.fileHasProblems) return { ...none, problems: [] };
    const how = choice.shell === 'action' ? 'with the "environment" input (or DASHSYNC_ENV in the step\'s env)' : 'with --env NAME (or DASHSYNC_ENV, or the Action\'s "environment" input)';
    return { ...none, problems: [`${fileLabel} defines environments ${names.join(', ')}: choose one ${how}`] };
  }
  const values = config.environments[given.name];
  if (values !== undefined) return { name: given.name, values, problems: [] };
  if (names.length === 0) {
    const where = fileLabel === undefined ? 'there is no dashsync.config.json to define it in' : `${fileLabel} defines no environments`;
    return { ...none, problems: [`${given.from} ${JSON.stringify(given.name)}: ${where} (add "environments": { "${given.name}": { "url": … } })`] };
  }
  const hint = hintFor(given.name, names);
  const { savedPlan } = choice;
  const unknown = `${environmentsAt}: no environment ${JSON.stringify(given.name)} in "environments"${hint.words}`;
  if (savedPlan === undefined) return { ...none, problems: [`${unknown}; it defines ${names.join(', ')}: ${adviceFor(given.from, choice.shell ?? 'cli')}`] };
  const offered = hint.name === undefined ? names : [hint.name];
  return {
    ...none,
    problems: [`${unknown}, which is ${given.from}; it defines ${names.join(', ')}`],
    next: choice.shell === 'action' ? actionPlanAgainFor(offered) : planAgainFor(offered, savedPlan),
  };
}

/** "Did you mean" by edit distance, else the one name the word begins (`prod` for `production`): its words and the name. */
function hintFor(word: string, names: string[]): { words: string; name?: string } {
  const name = closestName(word, names) ?? (word.length < SHORT ? shortHint(word, names) : startedBy(word, names));
  return name === undefined ? { words: '' } : { words: ` (did you mean "${name}"?)`, name };
}

/** Below this length closestName offers nothing but another case: a word this short is too close to too many names. */
const SHORT = 3;

/** The one name `word` begins, if only one does. */
function startedBy(word: string, names: string[]): string | undefined {
  const started = names.filter((name) => name.toLowerCase().startsWith(word.toLowerCase()));
  return started.length === 1 ? started[0] : undefined;
}

/**
 * For a word of 1 or 2 characters (`--env q`, `--env qe` for qa): the one name it begins or, for 2 characters, is one edit
 * from, when no other name is either (`p` between prod and perf offers neither).
 */
function shortHint(word: string, names: string[]): string | undefined {
  const lower = word.toLowerCase();
  const near = names.filter((name) => name.toLowerCase().startsWith(lower) || (word.length === 2 && editDistance(lower, name.toLowerCase()) === 1));
  return near.length === 1 ? near[0] : undefined;
}

/**
 * A saved plan's environment the config no longer defines (renamed): the plan made again into its file for the name meant
 * (`Run dashsync plan --env production --out qa.plan.json again and review it, then dashsync apply --env production qa.plan.json`),
 * else for one of the names, each a command to paste, and the apply of the file (which takes its environment from the plan).
 */
function planAgainFor(offered: string[], savedPlan: { file: string; commandLine?: CommandLineFlags }): string {
  const { file, commandLine = {} } = savedPlan;
  const step = { review: true };
  if (offered.length === 1) return renderPlanAgain(step, { ...commandLine, environment: offered[0]! }, file);
  const plans = offered.map((name) => renderNextCommand({ ...commandLine, environment: name }, ['plan', '--out', file]));
  return `Run ${plans.join(' or ')} and review it, then ${renderNextCommand(commandLine, ['apply', file])}`;
}

/**
 * The same in the Action's words: its plan step with the environment input set to the name meant (or one of the names); the
 * apply step then takes the environment from the new plan file, as it took the old one's.
 */
function actionPlanAgainFor(offered: string[]): string {
  return `Make the plan again with the plan step (command: plan) with ${offered.map((name) => `environment: ${name}`).join(' or ')} and review it: ${ACTION_NEW_PLAN_RUN}`;
}

/** How to name one of the defined environments instead, where the unknown name came from (`from`). */
function adviceFor(from: string, shell: Shell): string {
  if (from === '--env') return 'pass one of them to --env';
  if (from === 'DASHSYNC_ENV') return shell === 'action' ? 'set DASHSYNC_ENV in the step\'s env to one of them' : 'set DASHSYNC_ENV to one of them';
  if (from.startsWith('the "')) return `set ${from} to one of them`;
  // A saved plan's own environment, which the config no longer defines.
  return `make the plan again for one of them (this name is ${from})`;
}
