import { resolve } from 'node:path';
import type { ApiMode, DeleteMode, PruneScope, Settings } from '../config/types.js';
import type { WorkflowJob } from './rerun-job.js';
import { urlFlagOf } from './pasted-url-flag.js';
import { urlSha256 } from '../config/url-sha256.js';
import { withDashOperandsLast } from './dash-operands.js';

/**
 * The flags of a run's command line that say where it looks or what it talks to, as typed (a path relative to the
 * working directory stays so): a command printed for the user to run next repeats them, or pasted it reads another
 * tree, config file or backup directory. Never a credential: none is given by flag (tokens come from variables).
 */
export interface CommandLineFlags {
  config?: string;
  root?: string;
  include?: string[];
  exclude?: string[];
  /** As typed, `auto` too: where the config file pins `legacy` or `k8s`, a command without it reads another API (walk-64 M2). */
  api?: ApiMode;
  caCert?: string;
  insecure?: boolean;
  backupDir?: string;
  /**
   * What the run was told to delete, as typed (`false`: `--no-prune`, which turns the config file's off): a plan or an
   * apply made anew without it would list other deletes than this run's, or none, so one that finishes this run repeats it.
   */
  prune?: PruneScope;
  /** `--delete-mode`: apply's, so the deletes left are made as this run's were. */
  deleteMode?: DeleteMode;
  /** `--max-deletes`: apply's, so an apply that finishes this one's deletes is not refused by the limit this one raised. */
  maxDeletes?: number;
  /**
   * How the shell ran dashsync where it was not `dashsync` (`npx dashsync`: invocationOf), the first words of every command
   * printed: under npx a devDependency's dashsync is on no PATH, and `dashsync apply plan.json` pasted is `command not found`.
   */
  invocation?: string;
}

/**
 * What chose this run's Grafana and tree, as a command printed for the user to run next must repeat it: the environment (with
 * environments, a command without `--env` is refused, and the directory's owner may be another org), `--org-id` /
 * `--url` when flags gave them (a variable or the config gives them to the next run as well), and the command line's
 * other flags of place (CommandLineFlags). Never a credential: a URL holding one is refused before any run starts.
 */
export interface RunSelection extends CommandLineFlags {
  environment?: string;
  orgIdFlag?: number;
  urlFlag?: string;
  /**
   * How a printed command gives `urlFlag` where it shows a secret as `[redacted]` (urlFlagOf): null, left out (GRAFANA_URL gives
   * it); else a shell word naming the variable that holds the secret. Absent: `urlFlag` as it is. Not recorded in a plan file.
   */
  urlWord?: string | null;
  /** In the Action, whose next step is a re-run of its job, not a command: that job, as its messages name it (describeRerun). */
  job?: WorkflowJob;
  /** The saved plan applied (the CLI's plan file argument; in the Action, the plan-file input), which a forced apply names. */
  savedPlanFile?: string;
  /**
   * The run prunes `all` (by `--prune all`, the config file or the Action's prune input): an apply made anew from this
   * selection deletes whatever no file holds, anyone's dashboards made in Grafana included, so renderNextCommand never
   * advises one without a plan to review first (reviewedApplyWords). Never printed, never recorded in a plan file.
   */
  prunesAll?: true;
}

/**
 * The selection of a run from its settings: `--org-id` and `--url` only where they came from those flags. A `--url` is
 * recorded with the run's secrets redacted, as every URL is shown (redactUrl): a token in its path (a proxy serving Grafana
 * under a secret path) must reach neither a printed command nor the plan file that records the selection. A printed command
 * leaves it out where GRAFANA_URL holds it too, or names the variable the secret came from (`"https://gw/${GRAFANA_TOKEN}"`),
 * so that it works pasted (urlFlagOf); else it shows `[redacted]`.
 */
export function runSelectionOf(
  settings: Partial<Pick<Settings, 'environment' | 'orgId' | 'orgIdFrom' | 'url' | 'urlFromFlag' | 'urlAlsoInGrafanaUrl' | 'commandLine' | 'auth' | 'prune'>>,
): RunSelection {
  return {
    ...settings.commandLine,
    ...(settings.environment !== undefined && { environment: settings.environment }),
    ...(settings.orgIdFrom === '--org-id' && settings.orgId !== undefined && { orgIdFlag: settings.orgId }),
    ...(settings.urlFromFlag === true && settings.url !== undefined && urlFlagOf(settings.url, { auth: settings.auth, sameAsGrafanaUrl: settings.urlAlsoInGrafanaUrl === true })),
    ...((settings.prune ?? settings.commandLine?.prune) === 'all' && { prunesAll: true as const }),
  };
}

/** The flags of place and of deletes a command line gave (the CLI's; the Action's inputs are its own and not repeated). */
export function commandLineFlagsOf(flags: CommandLineFlags): CommandLineFlags {
  const { config, root, include, exclude, api, caCert, insecure, backupDir, prune, deleteMode, maxDeletes, invocation } = flags;
  return {
    ...(config !== undefined && { config }),
    ...(root !== undefined && { root }),
    ...(include !== undefined && include.length > 0 && { include }),
    ...(exclude !== undefined && exclude.length > 0 && { exclude }),
    ...(api !== undefined && { api }),
    ...(caCert !== undefined && { caCert }),
    ...(insecure === true && { insecure }),
    ...(backupDir !== undefined && { backupDir }),
    ...(prune !== undefined && { prune }),
    ...(deleteMode !== undefined && { deleteMode }),
    ...(maxDeletes !== undefined && { maxDeletes }),
    ...(invocation !== undefined && { invocation }),
  };
}

/**
 * The selection of an apply's advice: the run's, and what its plan decided where it differs from this run's settings (a
 * saved plan's tree root, its prune scope: `apply plan.json` takes neither flag) or its command line gave (`--include`,
 * `--exclude`), so that a command it advises plans what this plan did.
 */
export function applySelectionOf(
  plan: { root: string; prune: PruneScope; commandLineSelection?: { include?: string[]; exclude?: string[] } },
  settings: Partial<Pick<Settings, 'environment' | 'orgId' | 'orgIdFrom' | 'url' | 'urlFromFlag' | 'urlAlsoInGrafanaUrl' | 'commandLine' | 'auth'>> & Pick<Settings, 'cwd' | 'root' | 'prune'>,
): RunSelection {
  const { prunesAll: _settingsPrunesAll, ...run } = runSelectionOf(settings);
  return {
    ...run,
    ...(plan.prune === 'all' && { prunesAll: true as const }),
    ...(resolve(settings.cwd, plan.root) !== settings.root && { root: plan.root }),
    ...(plan.prune !== settings.prune && { prune: plan.prune }),
    ...(plan.commandLineSelection?.include !== undefined && plan.commandLineSelection.include.length > 0 && { include: plan.commandLineSelection.include }),
    ...(plan.commandLineSelection?.exclude !== undefined && plan.commandLineSelection.exclude.length > 0 && { exclude: plan.commandLineSelection.exclude }),
  };
}

/**
 * The selection of a command that runs another environment of this run's Grafana org (`dashsync plan --env team`): this
 * run's, with this run's `--prune` and `--include`/`--exclude` only where that environment's plan in this run uses them
 * (`runPrune`, `runLists`: a run of several environments, withRunSelections); else that plan selects and prunes by the
 * config file, as it was judged.
 */
export function otherEnvironmentSelection(selection: RunSelection | undefined, other: { environment: string; runPrune?: PruneScope; runLists?: true }): RunSelection {
  const { include, exclude, prunesAll: _prunesAll, ...rest } = selection ?? {};
  return { ...rest, environment: other.environment, prune: other.runPrune, ...(other.runPrune === 'all' && { prunesAll: true as const }), ...(other.runLists && { include, exclude }) };
}

/**
 * What a plan file records of its run's selection (Plan.selection): the run's, but for its environment (the plan's target), and
 * not how the shell ran dashsync (the shell that applies or shows the plan prints commands its own way).
 */
export type RecordedSelection = Omit<RunSelection, 'environment' | 'job' | 'savedPlanFile' | 'invocation' | 'urlWord' | 'prunesAll'>;

/** What a plan records of the run's selection (runSelectionOf, without its environment and urlWord); undefined when there is nothing. Pure. */
export function recordedSelectionOf(selection: RunSelection): RecordedSelection | undefined {
  const { environment: _environment, job: _job, savedPlanFile: _savedPlanFile, invocation: _invocation, urlWord: _urlWord, prunesAll: _prunesAll, ...recorded } = selection;
  return Object.keys(recorded).length === 0 ? undefined : recorded;
}

/**
 * The selection a saved plan records: its environment, and the flags of its run (Plan.selection; none in a plan from before it
 * was recorded). A `--url` recorded as typed by a plan from before it was redacted, which is the URL the plan was made for
 * (its digest is the target's), is shown as the target's URL is, its secrets redacted.
 */
export function planSelectionOf(plan: { target: { environment: string | null; url?: string; urlSha256?: string }; selection?: RecordedSelection; prune?: PruneScope }, invocation?: string): RunSelection {
  const urlFlag = plan.selection?.urlFlag;
  const typed = urlFlag !== undefined && plan.target.url !== undefined && plan.target.urlSha256 !== undefined && urlSha256(urlFlag) === plan.target.urlSha256;
  return {
    ...plan.selection,
    ...(plan.prune === 'all' && { prunesAll: true as const }),
    ...(typed && { urlFlag: plan.target.url }),
    ...(plan.target.environment !== null && { environment: plan.target.environment }),
    ...(invocation !== undefined && { invocation }),
  };
}

/**
 * The selection a command printed in `shell`'s words repeats. The Action's words (a job's log, read by someone who pastes the
 * command in a checkout of the branch) keep what chose the Grafana and tree (`--env`, `--config`, `--root`…: without `--env`
 * a config with environments refuses the command) and drop only how this shell ran dashsync and its step (the job, the plan file).
 */
export function selectionInShellWords(selection: RunSelection | undefined, shell: 'cli' | 'action'): RunSelection | undefined {
  if (shell === 'cli' || selection === undefined) return selection;
  const { invocation: _invocation, job: _job, savedPlanFile: _savedPlanFile, ...kept } = selection;
  return kept;
}

/**
 * A word of a printed command in the form a POSIX shell reads it, given as it is (not quoted again): a URL that names the
 * variable its secret came from (`"https://gw/${GRAFANA_TOKEN}"`: urlFlagOf).
 */
export interface PastedWord {
  pasted: string;
}

/**
 * A URL of the run (`--backup-source`) as a printed command gives it: where it holds a secret of the run's credentials, one
 * word naming the variable that secret came from (urlFlagOf's rule, never the secret); else the URL shown with its secrets
 * redacted (`[redacted]`, where no variable names them), or as it is.
 */
export function pastedUrlOf(url: string, auth: Settings['auth'] | undefined): string | PastedWord {
  const { urlFlag, urlWord } = urlFlagOf(url, { auth });
  return typeof urlWord === 'string' ? { pasted: urlWord } : urlFlag;
}

type SelectionFlag = Exclude<keyof RunSelection, 'job' | 'savedPlanFile' | 'invocation' | 'urlWord' | 'prunesAll'>;

const GRAFANA: readonly SelectionFlag[] = ['environment', 'orgIdFlag', 'urlFlag', 'config', 'api', 'caCert', 'insecure'];

/**
 * The line that follows a printed command whose `--url` held the run's secret (runSelectionOf shows it redacted): pasted as
 * printed it reaches no Grafana, and this says what to give instead (`commands`: how many were printed). Empty for any other selection.
 */
export function renderRedactedUrlNote(selection: RunSelection | undefined, commands: 1 | 2 = 1): string {
  if (selection?.urlFlag?.includes(REDACTED_MARK) !== true || selection.urlWord !== undefined) return '';
  return `The --url in ${commands === 1 ? 'that command' : 'those commands'} shows its secret part as ${REDACTED_MARK}: give the URL as you did (or set GRAFANA_URL to it and leave --url out)\n`;
}

const REDACTED_MARK = '[redacted]';

/**
 * The flags each subcommand takes (strict parsing refuses the rest): restore reads no tree, pull selects by uid (no
 * --include) and its own --prune is about files, check talks to no Grafana, only apply and restore have
 * a backup directory, and only apply deletes.
 */
const TAKEN: Record<string, readonly SelectionFlag[]> = {
  plan: [...GRAFANA, 'root', 'include', 'exclude', 'prune'],
  apply: [...GRAFANA, 'root', 'include', 'exclude', 'prune', 'deleteMode', 'maxDeletes', 'backupDir'],
  pull: [...GRAFANA, 'root'],
  restore: [...GRAFANA, 'backupDir'],
  check: ['environment', 'config', 'root', 'include', 'exclude'],
};

/** What a saved plan decided when it was made: `apply plan.json --root …` (or `--prune`) is refused. */
const DECIDED_BY_A_SAVED_PLAN: readonly SelectionFlag[] = ['root', 'include', 'exclude', 'prune'];

/**
 * `dashsync pull --env prod --root grafana --force web`: the command named by `command` (its first word the subcommand,
 * the rest its own options and arguments: a string's words as written, an array's items each quoted for a POSIX shell, for
 * values from outside such as a path), with this run's selection after the subcommand, its values quoted too, so it can
 * be pasted as printed; begun as the shell ran dashsync (`npx dashsync …` under npx), and an operand that begins with `-` (a
 * uid `-abc`) after `--` (withDashOperandsLast). An apply that would plan anew and prune `all` is never advised as such:
 * its words are the plan to review and the apply of its file (reviewedApplyWords). Not yet escaped for the terminal.
 */
export function renderNextCommand(selection: RunSelection | undefined, command: string | readonly (string | PastedWord)[]): string {
  const [subcommand = '', ...rest] = typeof command === 'string' ? command.split(' ').filter((word) => word !== '') : command.map((word) => (typeof word === 'string' ? shellWord(word) : word.pasted));
  const savedPlan = subcommand === 'apply' && rest.some((word) => !word.startsWith('-'));
  if (subcommand === 'apply' && !savedPlan && advisesReviewedPlan(selection)) return reviewedApplyWords(selection, rest);
  return commandWords(selection, subcommand, rest, savedPlan);
}

/**
 * Whether an apply advised with this selection plans anew and prunes `all`: pasted outside a terminal (a script, CI, ssh)
 * it asks nothing and deletes every dashboard no file holds (rev-71 M1), so it is advised as a plan to review and its file.
 */
export function advisesReviewedPlan(selection: RunSelection | undefined): boolean {
  return selection?.prunesAll === true || selection?.prune === 'all';
}

/** The file a reviewed plan is saved to where the advice names none. */
export const REVIEWED_PLAN_FILE = 'plan.json';

/**
 * `dashsync plan --prune all --out plan.json, review it (…), then dashsync apply plan.json`: an apply that prunes `all`
 * (advisesReviewedPlan), as a plan to review and the apply of that plan; `options`, the apply's (`--force` goes to the
 * saved plan's apply; `--auto-approve` nowhere: a saved plan's apply asks nothing).
 */
function reviewedApplyWords(selection: RunSelection | undefined, options: readonly string[]): string {
  const plan = commandWords(selection, 'plan', ['--out', REVIEWED_PLAN_FILE], false);
  const apply = commandWords(selection, 'apply', [...options.filter((word) => word !== '--auto-approve'), REVIEWED_PLAN_FILE], true);
  return `${plan}, review it (${WHY_REVIEW}), then ${apply}`;
}

/** Why an apply that prunes `all` is advised as a plan to review first (reviewedApplyWords, renderPlanThenApply). */
const WHY_REVIEW = 'prune "all" deletes whatever no file of the tree holds, dashboards made in Grafana included: it lists each';

/**
 * `dashsync plan shows the change, dashsync apply pushes it`: the plan that shows a change (`shows`) and the apply that makes it
 * (`does`), each named once. Where that apply would prune `all` (advisesReviewedPlan), the plan shown is the one to review and
 * its file the one applied: `dashsync plan --out plan.json shows the change; review it (…), then dashsync apply plan.json
 * pushes it` (renderNextCommand's apply there would name the plan a second time). Not yet escaped for the terminal.
 */
export function renderPlanThenApply(selection: RunSelection | undefined, shows: string, does: string): string {
  if (!advisesReviewedPlan(selection)) return `${renderNextCommand(selection, 'plan')} shows ${shows}, ${renderNextCommand(selection, 'apply')} ${does}`;
  const plan = commandWords(selection, 'plan', ['--out', REVIEWED_PLAN_FILE], false);
  const apply = commandWords(selection, 'apply', [REVIEWED_PLAN_FILE], true);
  return `${plan} shows ${shows}; review it (${WHY_REVIEW}), then ${apply} ${does}`;
}

function commandWords(selection: RunSelection | undefined, subcommand: string, rest: readonly string[], savedPlan: boolean): string {
  const taken = (TAKEN[subcommand] ?? GRAFANA).filter((flag) => !(savedPlan && DECIDED_BY_A_SAVED_PLAN.includes(flag)));
  const words = taken.flatMap((flag) => (flag === 'urlFlag' && selection?.urlWord !== undefined ? pastedUrlWords(selection.urlWord) : renderFlag(flag, selection?.[flag])));
  return [selection?.invocation ?? 'dashsync', subcommand, ...words, ...withDashOperandsLast(subcommand, rest)].join(' ');
}

const FLAG_NAMES: Record<SelectionFlag, string> = {
  environment: '--env',
  orgIdFlag: '--org-id',
  urlFlag: '--url',
  config: '--config',
  root: '--root',
  include: '--include',
  exclude: '--exclude',
  api: '--api',
  caCert: '--ca-cert',
  insecure: '--insecure',
  backupDir: '--backup-dir',
  prune: '--prune',
  deleteMode: '--delete-mode',
  maxDeletes: '--max-deletes',
};

/** `--url "https://gw/${GRAFANA_TOKEN}"`, or nothing where GRAFANA_URL gives the URL (RunSelection.urlWord). */
function pastedUrlWords(word: string | null): string[] {
  return word === null ? [] : [FLAG_NAMES.urlFlag, word];
}

function renderFlag(flag: SelectionFlag, value: RunSelection[SelectionFlag]): string[] {
  // `--prune` alone is the folders scope; `--no-prune` turns the config file's prune off.
  if (flag === 'prune' && value !== undefined) return value === false ? ['--no-prune'] : value === 'folders' ? ['--prune'] : ['--prune', String(value)];
  if (value === undefined || value === false) return [];
  const name = FLAG_NAMES[flag];
  if (value === true) return [name];
  if (Array.isArray(value)) return value.flatMap((item) => flagWithValue(name, item));
  return flagWithValue(name, String(value));
}

/** `--root dir`; `--root=-dir` for a value that begins with `-`, which the parser would read as an option after a space. */
function flagWithValue(name: string, value: string): string[] {
  return value.startsWith('-') ? [`${name}=${shellWord(value)}`] : [name, shellWord(value)];
}

/**
 * A file path as one shell word where a printed git command takes it as a pathspec (after `--`): git reads `*?[\` in it as a
 * pattern and a leading `:` as magic, so a pasted `git checkout -- 'a[1].json'` would take back `a1.json` too. Such a path
 * gets `:(literal)`, as dashsync's own git calls do; a plain path stays as it is.
 */
export function pathspecWord(path: string): string {
  return shellWord(/[*?[\\]/.test(path) || path.startsWith(':') ? `:(literal)${path}` : path);
}

/** A word (a path, a glob) as a POSIX shell reads it back unchanged: as it is when it holds nothing a shell reads, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
