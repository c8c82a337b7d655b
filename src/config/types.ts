import type { Shell } from '../describe-error.js';
import type { CommandLineFlags } from '../report/next-command.js';
import type { PipelineCheckout } from '../git/checkout-id.js';
export type PruneScope = false | 'folders' | 'all';
export type DeleteMode = 'soft' | 'hard';
/** Which Grafana API to use: discover, `/api` only, or `/apis` only. */
export type ApiMode = 'auto' | 'legacy' | 'k8s';

/**
 * `from`: the variables the credentials came from (GRAFANA_TOKEN_STAGING, …), named when Grafana refuses them.
 * `fallbackFor`: the selected environment whose own variables (GRAFANA_TOKEN_<NAME>, …) are all unset, so that these came
 * from the generic ones every environment falls back to; a refusal names the environment's own variable too.
 */
export type GrafanaAuth =
  | { kind: 'token'; token: string; from?: string; fallbackFor?: string }
  /** `passwordFrom`: the variable that held the password (GRAFANA_PASSWORD, GRAFANA_PASSWORD_<NAME>). */
  | { kind: 'basic'; user: string; password: string; from?: string; passwordFrom?: string; fallbackFor?: string }
  /** `environment`: the selected environment, whose own variables (GRAFANA_TOKEN_<NAME>, …) are the ones to set for it. */
  | { kind: 'none'; environment?: string };

/** A place in a file: 1-based line and column (UTF-16 units, as editors count). */
export interface FilePosition {
  line: number;
  col: number;
}

/**
 * Where the config file writes a selection's include and exclude (line:col of each list's value and of each glob, in order),
 * so a warning about a glob or a list points at it; a list taken from a flag, or not written, has none.
 */
export type SelectionPlaces = Partial<Record<'include' | 'exclude', { list: FilePosition; globs: FilePosition[] }>>;

/**
 * What the config says of the Grafana a run (or an environment) deploys to, so `check` can tell a v2 file it cannot take
 * offline: the API it uses and the release it runs (`grafanaVersion`), each with where it is set, as messages name it
 * (`"grafanaVersion" of environment "staging" in dashsync.config.json:9:27`); no `release` when the config names none.
 */
export interface DeclaredGrafana {
  api: ApiMode;
  /** Where `api` came from; absent for the default ("auto"). */
  apiFrom?: string;
  release?: string;
  releaseFrom?: string;
}

/** dashsync.config.json as read from disk, before validation: every key may be anything. */
export type RawConfigFile = Record<string, unknown>;

/** Flags as the CLI (or the Action) parsed them; undefined = not given. */
export interface ConfigFlags {
  /** The flags were typed on a command line (the CLI's): commands printed as advice repeat those of place (Settings.commandLine). */
  typed?: boolean;
  /** How the shell ran dashsync, where not as `dashsync` (runCli's invocationOf): commands printed as advice begin so. */
  invocation?: string;
  /**
   * Where commands printed as advice are pasted, where that is not where these flags were given (the Action's: the top of a
   * checkout, GITHUB_WORKSPACE): they carry the `--config` and `--root` that read there this run's file and tree
   * (placeFlagsPastedAt, in Settings.commandLine). Not with `typed`, whose flags are repeated as typed.
   */
  pastedAt?: string;
  config?: string;
  /** `--env NAME`: one of the config's environments. */
  env?: string;
  /** What set `env`, as errors name it (default `--env`; the Action: its "environment" input). */
  envFrom?: string;
  /** `env` is the environment of this saved plan (apply's, as typed): advice about an environment the config lost makes it again. */
  envOfPlanFile?: string;
  /** Whose words advice about these settings takes: the CLI's flags (the default), or the Action's inputs. */
  shell?: Shell;
  /** GRAFANA_URL / GRAFANA_ORG_ID set from inputs the user wrote for this run (the Action's): they replace the file's value without a warning, as flags do. */
  explicitVariables?: readonly ('GRAFANA_URL' | 'GRAFANA_ORG_ID')[];
  /** The command writes to Grafana (apply, restore, the Action's apply): GRAFANA_URL replacing the selected environment's url is refused, not warned of. */
  writesToGrafana?: boolean;
  root?: string;
  url?: string;
  orgId?: number;
  concurrency?: number;
  include?: string[];
  exclude?: string[];
  timeout?: number; // seconds
  interruptGrace?: number; // seconds
  prune?: PruneScope;
  deleteMode?: DeleteMode;
  maxDeletes?: number;
  message?: string;
  backupDir?: string;
  caCert?: string;
  api?: ApiMode;
  insecure?: boolean;
  verbose?: boolean;
}

/** The delete limit the config file (the environment's, else its top level) or the default sets. */
export interface ConfiguredMaxDeletes {
  maxDeletes: number;
  /** The config file that sets it; absent: the default. */
  file?: string;
  /** The environment whose own `maxDeletes` it is; absent: the file's top level (or the default). */
  environment?: string;
}

/** Where a run's delete limit came from: `--max-deletes` (`flag`, which replaced `configured` for this run) or the config. */
export interface MaxDeletesSource {
  flag: boolean;
  configured: ConfiguredMaxDeletes;
}

/**
 * Fully resolved settings: flag > environment variable > the selected environment of the
 * config file > its top level > default. Paths are absolute.
 */
export interface Settings {
  cwd: string;
  /** The selected environment (`--env`, DASHSYNC_ENV); undefined when none is. */
  environment: string | undefined;
  /** The checkout id of this run's pipeline (pipelineCheckout: DASHSYNC_CHECKOUT_ID, a GitHub Actions job); absent: the machine's and directory's. */
  pipelineCheckoutId?: string;
  /** With pipelineCheckoutId: the runs that share it (PipelineCheckout's `runs`: a pull request's runs are apart from the job's others), as apply's warning names them. */
  pipelineCheckoutRuns?: PipelineCheckout['runs'];
  /** The config file in use as shown to the user (relative to cwd); `dashsync.config.json` when there is none (where one would go). */
  configFile: string;
  /** Every environment the config file defines, in its order. */
  environments: string[];
  /**
   * Each environment's inputs map (its own merged over the top level's), by name: `check`
   * without an environment validates the tree against every one of them.
   */
  environmentInputs: Record<string, Record<string, string>>;
  /**
   * Each environment's include/exclude (its own list, else the top level's; for the run's environment a flag's over both), by name:
   * `check` without an environment judges a shared uid by what each environment deploys together. `prune` is the config
   * file's (its own, else the top level's; no flag): what that environment's own plan prunes; in a run of several
   * environments, each of the run's own is the prune its plan in this run uses, and `runPrune` says so where a flag made
   * it differ from the config file's (withRunSelections). A typed --include/--exclude is the run's environment's lists
   * alone (the others' are the config file's); in a run of several, each of the run's own takes them, `runLists` saying so.
   * `configured`: the config file's lists where typed ones replace them (what the environment deploys, whatever one run selects).
   * `from`: where the lists came from, as messages name them (selectionFrom of a run with that environment).
   */
  environmentSelections: Record<
    string,
    { include: string[]; exclude: string[]; prune: PruneScope; runPrune?: PruneScope; runLists?: true; configured?: { include: string[]; exclude: string[] }; from: { include: string; exclude: string }; places?: SelectionPlaces }
  >;
  /** Where the config file writes `environments` (line:col of its key), when the file's text was read. */
  environmentsPlace?: FilePosition;
  /** Where the config file writes the selected environment (line:col of its name), when the file's text was read. */
  environmentPlace?: FilePosition;
  /**
   * Environments whose `url` and `orgId` in the config file name one Grafana org, in groups of two or more: what each
   * deploys meets there, so `check` and `plan` judge their files together (findEnvironmentsSharingOrg).
   */
  environmentsSharingOrg: string[][];
  /**
   * The other environments the config file places in another Grafana org than this run's (findEnvironmentsInOtherOrgs):
   * `grafana` for another url, `org` for another orgId of the same url. A file only they select is not this run's to keep
   * from prune (docs/environments.md). Empty without a selected environment, or for a run sent elsewhere than its file says.
   */
  environmentsInOtherOrgs: Record<string, 'grafana' | 'org'>;
  /** Where the config file says each environment deploys (its url, else the top level's, and orgId, 1 when unset), for those with a url in the file. */
  environmentTargets?: Record<string, { url: string; orgId: number }>;
  root: string;
  url: string | undefined;
  /** `url` came from `--url`: commands printed as advice repeat it (runSelectionOf). */
  urlFromFlag?: boolean;
  /** `--url` gave the URL GRAFANA_URL holds as well: advice may leave a `--url` holding a secret out (runSelectionOf). */
  urlAlsoInGrafanaUrl?: true;
  /** The CLI's flags of place (--root, --config, --backup-dir…) as typed: commands printed as advice repeat them (runSelectionOf). */
  commandLine?: CommandLineFlags;
  orgId: number | undefined;
  /** Where `orgId` came from, as messages name it: `--org-id`, `GRAFANA_ORG_ID`, `"orgId" in dashsync.config.json`, … */
  orgIdFrom: string | undefined;
  auth: GrafanaAuth;
  concurrency: number;
  timeoutMs: number;
  /** After Ctrl-C or SIGTERM, how long a write in flight may still be answered (HttpClientOptions.graceMs). */
  interruptGraceMs: number;
  prune: PruneScope;
  deleteMode: DeleteMode;
  maxDeletes: number;
  /** Where `maxDeletes` came from (absent in settings not resolved from a config: then messages name the number alone). */
  maxDeletesFrom?: MaxDeletesSource;
  inputs: Record<string, string>;
  /**
   * Where the config file maps each input (line:col of its value), when the file's text was read: the top level's `inputs`
   * under '', each environment's own under its name.
   */
  inputPlaces?: ReadonlyMap<string, ReadonlyMap<string, FilePosition>>;
  /** Library panel uids the tree uses but does not hold (config `externalLibraryPanels`). */
  externalLibraryPanels: string[];
  /** Folder uids another tree or tool manages (config `externalFolders`): no prune scope takes them or what is below them. */
  externalFolders: string[];
  /** Where each `externalFolders` entry is in the config file (line:col of its value), when the file's text was read. */
  externalFolderPlaces?: ReadonlyMap<string, FilePosition>;
  include: string[];
  exclude: string[];
  /** Where `include` and `exclude` came from, as messages name them (`--include`, `environment "production"'s exclude in dashsync.config.json`, …). */
  selectionFrom?: { include: string; exclude: string };
  /** Where the config file writes this run's include and exclude (absent for a flag's list, or without the file's text). */
  selectionPlaces?: SelectionPlaces;
  /** Commit message template with {sha}, {subject}, {actor}. */
  message: string;
  backupDir: string;
  /** Where `backupDir` came from when the config file set it, as messages name it: `"backupDir" in dashsync.config.json:4:3`. */
  backupDirFrom?: string;
  /** Grafana's [dashboards] min_refresh_interval, so compare clamps `refresh` as the server will. */
  minRefreshInterval: string;
  caCert: string | undefined;
  api: ApiMode;
  /** What the config says of this run's Grafana (`api`, `grafanaVersion`): absent in settings not resolved from a config. */
  declaredGrafana?: DeclaredGrafana;
  /** The same for each environment of the config file (its own values, else the top level's; a flag's `--api` over both), by name. */
  environmentGrafanas?: Record<string, DeclaredGrafana>;
  insecure: boolean;
  verbose: boolean;
}
