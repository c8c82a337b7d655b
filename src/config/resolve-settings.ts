import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { IN_FLIGHT_GRACE_MS } from '../abort-on-signals.js';
import { commandLineFlagsOf } from '../report/next-command.js';
import { locateJsonArray, locateJsonMembers, locateJsonPath } from '../files/parse-json.js';
import * as checks from './checks.js';
import { DEFAULT_CONFIG_FILE, DEFAULT_ROOT, ENVIRONMENTS_KEY, type ConfigKey, type ConfigValues } from './config-keys.js';
import { secretsOf } from './credential-secrets.js';
import { findEnvironmentsInOtherOrgs, findEnvironmentTargets, findEnvironmentsSharingOrg } from './find-environments-sharing-org.js';
import { describeVariableRefusal, describeVariableOverride, type VariableOverride } from './describe-variable-overrides.js';
import { pipelineCheckout, type PipelineCheckout } from '../git/checkout-id.js';
import { redactUrl } from './redact-url.js';
import { resolveAuth } from './resolve-auth.js';
import { selectEnvironment } from './select-environment.js';
import type { RunTarget } from './refuse-one-target-for-environments.js';
import type { ConfigFlags, ConfiguredMaxDeletes, DeclaredGrafana, FilePosition, RawConfigFile, SelectionPlaces, Settings } from './types.js';
import { validateConfigFile, type ConfigPlace } from './validate-config-file.js';
import { placeFlagsPastedAt, stepFlagsPastedAt } from './place-flags-pasted-at.js';

export interface ResolveSettingsInput {
  file: RawConfigFile | undefined;
  filePath: string | undefined;
  /** The file's text, so each problem says where in it (line:col); without it, problems name the file only. */
  fileText?: string;
  env: Record<string, string | undefined>;
  flags: ConfigFlags;
  cwd: string;
  /** The command never talks to Grafana (check): a config with environments needs no --env. */
  offline?: boolean;
}

const DEFAULTS = {
  root: DEFAULT_ROOT,
  concurrency: 8,
  timeoutSeconds: 30,
  interruptGraceSeconds: IN_FLIGHT_GRACE_MS / 1000,
  prune: false,
  deleteMode: 'soft',
  maxDeletes: 10,
  message: 'dashsync: {sha} {subject}',
  backupDir: '.dashsync/backups',
  minRefreshInterval: '5s',
  api: 'auto',
} as const;

/** Where an environment's backups go when neither --backup-dir nor the config file says (`.dashsync/backups/<environment>`), absolute. */
export function defaultBackupDir(cwd: string, environment: string | undefined): string {
  return resolve(cwd, environment === undefined ? DEFAULTS.backupDir : join(DEFAULTS.backupDir, environment));
}

/**
 * Flag > environment variable > the selected environment of the config file > its top level >
 * default, validated. Pure. Every problem is collected (a caller throws ConfigError when there
 * is any); a bad value falls back to its default so the remaining settings can still be
 * checked. `warnings` name environment variables that replaced a value the file sets.
 */
export function resolveSettings(input: ResolveSettingsInput): { settings: Settings; problems: string[]; next?: string; warnings: string[]; target: RunTarget } {
  const { flags, env } = input;
  const cwd = resolve(input.cwd);
  const fileLabel = input.filePath ? displayPath(cwd, input.filePath) : DEFAULT_CONFIG_FILE;
  const fileDir = input.filePath ? dirname(resolve(cwd, input.filePath)) : cwd;
  const { config, problems } = validateConfigFile(input.file ?? {}, fileLabel, placeIn(input.fileText, fileLabel));
  const warnings: string[] = [];
  const selected = selectEnvironment(
    config,
    { flag: flags.env, flagName: flags.envFrom, envVar: nonEmpty(env.DASHSYNC_ENV), offline: input.offline ?? false, fileHasProblems: problems.length > 0, shell: flags.shell,
      ...(flags.envOfPlanFile !== undefined && { savedPlan: { file: flags.envOfPlanFile, ...(flags.typed === true && { commandLine: commandLineFlagsOf(flags) }) } }) },
    input.file === undefined ? undefined : fileLabel,
    placeIn(input.fileText, fileLabel)([ENVIRONMENTS_KEY], 'key'),
  );
  problems.push(...selected.problems);
  const environment = selected.name;

  /** The environment's value, else the top level's (both validated already). */
  const fromFile = <K extends ConfigKey>(key: K): ConfigValues[K] => selected.values[key] ?? config.values[key];
  /** The first of flag, environment variable and file that has a value; the default otherwise. */
  const pick = <T>(check: checks.Check<T>, sources: { flag?: [string, unknown]; envVar?: string; file?: T }, fallback: T): T => {
    const candidates: [string, unknown][] = [];
    if (sources.flag) candidates.push(sources.flag);
    if (sources.envVar) candidates.push([sources.envVar, fromEnv(env[sources.envVar])]);
    const found = candidates.find(([, value]) => value !== undefined);
    if (!found) return sources.file ?? fallback;
    const result = check(found[1], found[0]);
    if (result.ok) return result.value;
    problems.push(result.problem);
    return fallback;
  };
  /** Paths from flags are relative to the working directory, paths from the file to the file. */
  const pickPath = (flag: string, flagValue: string | undefined, key: 'root' | 'backupDir' | 'caCert'): string | undefined => {
    const fromFlag = pick<string | undefined>(checks.nonEmptyString, { flag: [flag, flagValue] }, undefined);
    if (fromFlag !== undefined) return resolve(cwd, fromFlag);
    const value = fromFile(key);
    return value === undefined ? undefined : resolve(fileDir, value);
  };

  const url = pick<string | undefined>(checks.grafanaUrl, { flag: ['--url', flags.url], envVar: 'GRAFANA_URL', file: fromFile('url') }, undefined);
  const orgId = pick<number | undefined>(
    checks.integerIn(1, Number.MAX_SAFE_INTEGER, 'a positive integer'),
    { flag: ['--org-id', flags.orgId], envVar: 'GRAFANA_ORG_ID', file: fromFile('orgId') },
    undefined,
  );
  const auth = resolveAuth(env, problems, environment);
  const overrideContext = { environment, fileLabel, explicit: flags.explicitVariables ?? [] };
  const urlVariable = { variable: 'GRAFANA_URL' as const, used: url, flag: flags.url, envVar: fromEnv(env.GRAFANA_URL), environmentValue: selected.values.url, topLevelValue: config.values.url, show: (text: string) => redactUrl(text, secretsOf(auth)) };
  const orgIdVariable = { variable: 'GRAFANA_ORG_ID' as const, used: orgId, flag: flags.orgId, envVar: fromEnv(env.GRAFANA_ORG_ID), environmentValue: selected.values.orgId, topLevelValue: config.values.orgId, show: String };
  // A run that writes is refused where a variable replaces its environment's target; any other run is warned.
  const refusalOf = <T>(variable: VariableOverride<T>) => (flags.writesToGrafana ? describeVariableRefusal(variable, { ...overrideContext, shell: flags.shell }) : null);
  for (const variable of [urlVariable, orgIdVariable] as VariableOverride<unknown>[]) {
    const refusal = refusalOf(variable);
    if (refusal !== null) problems.push(refusal);
    const override = refusal === null ? describeVariableOverride(variable, overrideContext) : null;
    if (override !== null) warnings.push(override);
  }
  const orgIdFrom = describeOrgIdSource({
    flag: flags.orgId,
    envVar: fromEnv(env.GRAFANA_ORG_ID),
    // The Action sets GRAFANA_ORG_ID from its "org-id" input: the user wrote the input, not the variable.
    envVarName: flags.explicitVariables?.includes('GRAFANA_ORG_ID') ? 'the "org-id" input' : 'GRAFANA_ORG_ID',
    environment,
    selected: selected.values.orgId,
    fileLabel,
  });
  const goesWhereFileSays = url === fromFile('url') && (orgId ?? 1) === (fromFile('orgId') ?? 1);
  const include = pick(checks.stringList, { flag: ['--include', flags.include], file: fromFile('include') }, []);
  const exclude = pick(checks.stringList, { flag: ['--exclude', flags.exclude], file: fromFile('exclude') }, []);
  const settings: Settings = {
    cwd,
    environment,
    ...withPipelineCheckout(pipelineCheckout(env, environment)),
    configFile: fileLabel,
    environments: Object.keys(config.environments),
    environmentInputs: Object.fromEntries(Object.entries(config.environments).map(([name, values]) => [name, { ...config.values.inputs, ...values.inputs }])),
    environmentSelections: Object.fromEntries(
      Object.entries(config.environments).map(([name, values]) => {
        // A typed --include/--exclude narrows this run: its environment's selection (in a run of none, every one's); another
        // environment's own plan selects by the config file, and is judged so (withRunSelections: one planned in this run too).
        const typed: Pick<ConfigFlags, 'include' | 'exclude'> = environment === undefined || name === environment ? flags : {};
        const configured = { include: values.include ?? config.values.include ?? [], exclude: values.exclude ?? config.values.exclude ?? [] };
        return [
          name,
          {
            include: typed.include !== undefined ? include : configured.include,
            exclude: typed.exclude !== undefined ? exclude : configured.exclude,
            ...((typed.include !== undefined || typed.exclude !== undefined) && { configured }),
            prune: values.prune ?? config.values.prune ?? DEFAULTS.prune,
            from: selectionSources(typed, values, name, fileLabel),
            ...withPlaces('places', placesOfSelection(input.fileText, typed, values, name)),
          },
        ];
      }),
    ),
    // A run sent elsewhere than the file says (--url, GRAFANA_URL, --org-id…) is not in its file group's org.
    ...(input.fileText !== undefined && Object.keys(config.environments).length > 0 && { environmentsPlace: locateJsonPath(input.fileText, ['environments'], { key: true }) }),
    ...(input.fileText !== undefined && environment !== undefined && { environmentPlace: locateJsonPath(input.fileText, ['environments', environment], { key: true }) }),
    environmentsSharingOrg: findEnvironmentsSharingOrg(config).filter((group) => environment === undefined || !group.includes(environment) || goesWhereFileSays),
    // Nor is it known which of the others deploy elsewhere than it.
    environmentsInOtherOrgs: environment === undefined || !goesWhereFileSays ? {} : findEnvironmentsInOtherOrgs(config, environment),
    environmentTargets: findEnvironmentTargets(config),
    root: pickPath('--root', flags.root, 'root') ?? resolve(cwd, DEFAULTS.root),
    url,
    ...(flags.url !== undefined && { urlFromFlag: true }),
    ...(flags.url !== undefined && url !== undefined && isSameUrl(env.GRAFANA_URL, url) && { urlAlsoInGrafanaUrl: true as const }),
    // Check's flags are not repeated (its advice names no flag), but its commands begin as the shell ran dashsync too.
    ...(flags.typed === true ? { commandLine: commandLineFlagsOf(flags) } : flags.invocation !== undefined && { commandLine: { invocation: flags.invocation } }),
    orgId,
    orgIdFrom: orgId === undefined ? undefined : orgIdFrom,
    auth,
    concurrency: pick(checks.integerIn(1, 256, 'an integer from 1 to 256'), { flag: ['--concurrency', flags.concurrency], file: fromFile('concurrency') }, DEFAULTS.concurrency),
    timeoutMs: 1000 * pick(checks.positiveNumber, { flag: ['--timeout', flags.timeout], file: fromFile('timeout') }, DEFAULTS.timeoutSeconds),
    interruptGraceMs:
      1000 * pick(checks.secondsUpTo(3600), { flag: ['--interrupt-grace', flags.interruptGrace], file: fromFile('interruptGrace') }, DEFAULTS.interruptGraceSeconds),
    prune: pick(checks.pruneScope, { flag: ['--prune', flags.prune], file: fromFile('prune') }, DEFAULTS.prune),
    deleteMode: pick(checks.deleteMode, { flag: ['--delete-mode', flags.deleteMode], file: fromFile('deleteMode') }, DEFAULTS.deleteMode),
    maxDeletes: pick(
      checks.integerIn(0, Number.MAX_SAFE_INTEGER, 'an integer of 0 or more'),
      { flag: ['--max-deletes', flags.maxDeletes], file: fromFile('maxDeletes') },
      DEFAULTS.maxDeletes,
    ),
    maxDeletesFrom: { flag: flags.maxDeletes !== undefined, configured: configuredMaxDeletes(fromFile('maxDeletes'), selected.values.maxDeletes !== undefined ? environment : undefined, fileLabel) },
    inputs: { ...config.values.inputs, ...selected.values.inputs },
    ...placesOfInputs(input.fileText, config),
    externalLibraryPanels: config.values.externalLibraryPanels ?? [],
    externalFolders: config.values.externalFolders ?? [],
    ...placesOfEntries(input.fileText, 'externalFolders', config.values.externalFolders),
    include,
    exclude,
    selectionFrom: selectionSources(flags, selected.values, environment, fileLabel),
    ...withPlaces('selectionPlaces', placesOfSelection(input.fileText, flags, selected.values, environment)),
    message: pick(checks.nonEmptyString, { flag: ['--message', flags.message], file: fromFile('message') }, DEFAULTS.message),
    backupDir: pickPath('--backup-dir', flags.backupDir, 'backupDir') ?? defaultBackupDir(cwd, environment),
    ...(flags.backupDir === undefined && fromFile('backupDir') !== undefined && { backupDirFrom: describeKeyPlace('backupDir', selected.values.backupDir !== undefined ? environment : undefined, placeIn(input.fileText, fileLabel)) }),
    minRefreshInterval: fromFile('minRefreshInterval') ?? DEFAULTS.minRefreshInterval,
    caCert: pickPath('--ca-cert', flags.caCert, 'caCert'),
    api: pick(checks.apiMode, { flag: ['--api', flags.api], file: fromFile('api') }, DEFAULTS.api),
    environmentGrafanas: Object.fromEntries(Object.entries(config.environments).map(([name, values]) => [name, declaredGrafanaOf(config.values, values, name, flags, placeIn(input.fileText, fileLabel))])),
    insecure: pick(checks.boolean, { flag: ['--insecure', flags.insecure] }, false),
    verbose: pick(checks.boolean, { flag: ['--verbose', flags.verbose] }, false),
  };
  if (flags.pastedAt !== undefined && flags.typed !== true) {
    // Where the advice is pasted elsewhere (the Action's checkout): the --config and --root that read there what this run read.
    const configFile = input.filePath === undefined ? undefined : resolve(cwd, input.filePath);
    const place = placeFlagsPastedAt(flags.pastedAt, { configFile, root: settings.root, configuredRoot: pickPath('--root', undefined, 'root'), defaultRoot: DEFAULTS.root });
    // And the step's other flags of selection, API and deletes (its args, its prune input), as a typed command line's are repeated.
    const carried = { ...stepFlagsPastedAt(flags.pastedAt, cwd, flags), ...place };
    if (Object.keys(carried).length > 0) settings.commandLine = { ...settings.commandLine, ...carried };
  }
  settings.declaredGrafana = { ...declaredGrafanaOf(config.values, selected.values, environment, flags, placeIn(input.fileText, fileLabel)), api: settings.api };
  if (isReadAsTree(settings.backupDir, settings.root)) {
    const named = flags.backupDir !== undefined ? '--backup-dir' : `"backupDir" in ${fileLabel}`;
    problems.push(
      `${named} (${displayPath(cwd, settings.backupDir)}) is inside the dashboards root (${displayPath(cwd, settings.root)}): backups there would be read as dashboards; ` +
        `put it outside the root, e.g. "${DEFAULTS.backupDir}" (move the backups already written there too)`,
    );
  }
  const showUrl = (text: string | undefined) => (text === undefined ? undefined : redactUrl(text, secretsOf(auth)));
  const target: RunTarget = {
    environment,
    url: { file: showUrl(fromFile('url')), replacedBy: flags.url !== undefined ? '--url' : fromEnv(env.GRAFANA_URL) !== undefined ? 'GRAFANA_URL' : undefined },
    orgId: { file: fromFile('orgId'), replacedBy: flags.orgId !== undefined ? '--org-id' : fromEnv(env.GRAFANA_ORG_ID) !== undefined ? 'GRAFANA_ORG_ID' : undefined },
  };
  return { settings, problems, ...(selected.next !== undefined && { next: selected.next }), warnings, target };
}

/**
 * What the config says of the Grafana of `environment` (its `values`, else the top level's; none: the top level's own):
 * its API (`--api` over both) and release, each with where it is written (the line:col of its value, where the text was read).
 */
function declaredGrafanaOf(top: ConfigValues, values: ConfigValues, environment: string | undefined, flags: Pick<ConfigFlags, 'api'>, place: ConfigPlace): DeclaredGrafana {
  const whereSet = (key: 'api' | 'grafanaVersion'): string | undefined => {
    if (environment !== undefined && values[key] !== undefined) return `"${key}" of environment "${environment}" in ${place([ENVIRONMENTS_KEY, environment, key])}`;
    return top[key] === undefined ? undefined : `"${key}" in ${place([key])}`;
  };
  const fromFile = <K extends 'api' | 'grafanaVersion'>(key: K): ConfigValues[K] => (environment !== undefined ? values[key] : undefined) ?? top[key];
  const apiFrom = flags.api !== undefined ? '--api' : whereSet('api');
  const release = fromFile('grafanaVersion');
  return {
    api: flags.api ?? fromFile('api') ?? DEFAULTS.api,
    ...(apiFrom !== undefined && { apiFrom }),
    ...(release !== undefined && { release, releaseFrom: whereSet('grafanaVersion')! }),
  };
}

/** The limit without --max-deletes: the environment's `maxDeletes`, else the file's, else the default. */
function configuredMaxDeletes(fromFile: number | undefined, environment: string | undefined, fileLabel: string): ConfiguredMaxDeletes {
  if (fromFile === undefined) return { maxDeletes: DEFAULTS.maxDeletes };
  return { maxDeletes: fromFile, file: fileLabel, ...(environment !== undefined && { environment }) };
}

/** Where an environment's include and exclude came from (none: the top level's), as messages name them (Settings.selectionFrom). */
function selectionSources(
  flags: Pick<ConfigFlags, 'include' | 'exclude'>,
  values: { include?: unknown; exclude?: unknown },
  environment: string | undefined,
  fileLabel: string,
): { include: string; exclude: string } {
  const source = (list: 'include' | 'exclude') =>
    flags[list] !== undefined ? `--${list}` : values[list] !== undefined ? `environment "${environment}"'s ${list} in ${fileLabel}` : `the "${list}" of ${fileLabel}`;
  return { include: source('include'), exclude: source('exclude') };
}

/**
 * Whether the tree reading of `root` would read the files under `dir` (both absolute): `dir` is the root or
 * lies under it, and not below a dot-directory or `node_modules`, which the tree skips (`.dashsync/backups`
 * with root ".").
 */
function isReadAsTree(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  if (rel === '') return true;
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  return rel.split(/[\\/]/).every((part) => !part.startsWith('.') && part !== 'node_modules');
}

/** Where each entry of a top-level list of the file's text is (the first place of an entry listed twice). */
function placesOfEntries(text: string | undefined, key: 'externalFolders', entries: readonly string[] | undefined): { externalFolderPlaces?: Map<string, { line: number; col: number }> } {
  if (text === undefined || entries === undefined || entries.length === 0) return {};
  const places = new Map<string, { line: number; col: number }>();
  entries.forEach((entry, index) => {
    const at = locateJsonPath(text, [key, index]);
    if (at && !places.has(entry)) places.set(entry, at);
  });
  return { externalFolderPlaces: places };
}

/** Where the file maps each input: the top level's under '', each environment's own under its name (Settings.inputPlaces). */
function placesOfInputs(text: string | undefined, config: { values: { inputs?: Record<string, string> }; environments: Record<string, { inputs?: Record<string, string> }> }): Pick<Settings, 'inputPlaces'> {
  if (text === undefined) return {};
  const places = new Map<string, ReadonlyMap<string, FilePosition>>();
  const owners: [string, (string | number)[], Record<string, string> | undefined][] = [
    ['', ['inputs'], config.values.inputs],
    ...Object.entries(config.environments).map(([name, values]): [string, (string | number)[], Record<string, string> | undefined] => [name, ['environments', name, 'inputs'], values.inputs]),
  ];
  for (const [owner, path, inputs] of owners) {
    if (inputs === undefined || Object.keys(inputs).length === 0) continue;
    const members = locateJsonMembers(text, path);
    if (members !== undefined) places.set(owner, members);
  }
  return places.size > 0 ? { inputPlaces: places } : {};
}

/**
 * Where the file writes the include and exclude a selection takes (the environment's own list, else the top level's; none
 * for a flag's list): each list's value and each of its globs.
 */
function placesOfSelection(
  text: string | undefined,
  flags: Pick<ConfigFlags, 'include' | 'exclude'>,
  values: { include?: unknown; exclude?: unknown },
  environment: string | undefined,
): SelectionPlaces | undefined {
  if (text === undefined) return undefined;
  const places: SelectionPlaces = {};
  for (const list of ['include', 'exclude'] as const) {
    if (flags[list] !== undefined) continue;
    const path = values[list] !== undefined && environment !== undefined ? ['environments', environment, list] : [list];
    const located = locateJsonArray(text, path);
    if (located !== undefined) places[list] = { list: located.at, globs: located.entries };
  }
  return Object.keys(places).length > 0 ? places : undefined;
}

function withPlaces<K extends string>(key: K, places: SelectionPlaces | undefined): Partial<Record<K, SelectionPlaces>> {
  return places === undefined ? {} : ({ [key]: places } as Record<K, SelectionPlaces>);
}

/** `label:line:col` of a member of the file's text (its key or its value), else `label`. */
function placeIn(text: string | undefined, label: string): ConfigPlace {
  return (path, part = 'value') => {
    const at = text === undefined || path.length === 0 ? undefined : locateJsonPath(text, path, { key: part === 'key' });
    return at ? `${label}:${at.line}:${at.col}` : label;
  };
}

/** `"backupDir" in dashsync.config.json:4:3`, `"backupDir" of environment "prod" in dashsync.config.json:9:7`: the key's own place. */
function describeKeyPlace(key: ConfigKey, environment: string | undefined, place: ConfigPlace): string {
  return environment === undefined ? `"${key}" in ${place([key], 'key')}` : `"${key}" of environment "${environment}" in ${place([ENVIRONMENTS_KEY, environment, key], 'key')}`;
}

/** Which of the places `orgId` is read from set it (flag > GRAFANA_ORG_ID > the environment's > the top level's). */
function describeOrgIdSource(sources: { flag: unknown; envVar: unknown; envVarName: string; environment: string | undefined; selected: unknown; fileLabel: string }): string {
  if (sources.flag !== undefined) return '--org-id';
  if (sources.envVar !== undefined) return sources.envVarName;
  if (sources.environment !== undefined && sources.selected !== undefined) return `"orgId" of environment "${sources.environment}" in ${sources.fileLabel}`;
  return `"orgId" in ${sources.fileLabel}`;
}

/** Environment values are strings; a numeric one is read as a number (GRAFANA_ORG_ID=2). */
function fromEnv(value: string | undefined): unknown {
  const text = nonEmpty(value);
  return text !== undefined && /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
}

/** Whether a variable's value (GRAFANA_URL) is, once checked as the settings check it, the URL this run took. */
function isSameUrl(value: string | undefined, url: string): boolean {
  if (nonEmpty(value) === undefined) return false;
  const checked = checks.grafanaUrl(value, 'GRAFANA_URL');
  return checked.ok && checked.value === url;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function displayPath(cwd: string, path: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : absolute;
}

function withPipelineCheckout(pipeline: PipelineCheckout | undefined): Pick<Settings, 'pipelineCheckoutId' | 'pipelineCheckoutRuns'> {
  return pipeline === undefined ? {} : { pipelineCheckoutId: pipeline.id, pipelineCheckoutRuns: pipeline.runs };
}
