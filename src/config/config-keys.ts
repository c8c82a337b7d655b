import * as checks from './checks.js';
import type { Check } from './checks.js';

interface KeySpec {
  check: Check<unknown>;
  /** Shown by editors (the JSON Schema's description) and in the README's table. */
  description: string;
  /** May an environment (`environments.<name>`) set it, overriding the top level? */
  perEnvironment: boolean;
}

/**
 * Every key of dashsync.config.json but `environments`: the one table the resolver's
 * known-key and type checks and the shipped dashsync.schema.json are both built from.
 */
export const CONFIG_KEYS = {
  $schema: {
    check: checks.anyString,
    perEnvironment: false,
    description: 'This file\'s JSON Schema, for editors: "./node_modules/dashsync/dashsync.schema.json". dashsync ignores it.',
  },
  root: { check: checks.nonEmptyString, perEnvironment: false, description: 'The dashboards tree, relative to this file. Default "dashboards".' },
  url: { check: checks.grafanaUrl, perEnvironment: true, description: 'Grafana base URL, e.g. "https://grafana.example.com" (a sub-path is kept). GRAFANA_URL and --url win over it (apply and restore with --env, and the Action\'s apply with an environment, refuse a GRAFANA_URL that differs from the environment\'s url).' },
  orgId: {
    check: checks.integerIn(1, Number.MAX_SAFE_INTEGER, 'a positive integer'),
    perEnvironment: true,
    description: 'Grafana organization id, sent as X-Grafana-Org-Id. GRAFANA_ORG_ID and --org-id win over it. Default: the credentials\' own org.',
  },
  concurrency: { check: checks.integerIn(1, 256, 'an integer from 1 to 256'), perEnvironment: true, description: 'Parallel requests to Grafana. Default 8.' },
  timeout: { check: checks.positiveNumber, perEnvironment: true, description: 'Seconds before one request to Grafana gives up (retries come on top). Default 30.' },
  interruptGrace: {
    check: checks.secondsUpTo(3600),
    perEnvironment: true,
    description:
      'Seconds a write in flight may still be answered after Ctrl-C or SIGTERM (a cancelled CI run) before apply abandons it and lists it as unknown. Raise it for a Grafana that takes longer to save; GitHub Actions sends SIGTERM 7.5 s after the SIGINT of a cancel. 0 abandons writes at once too. Default 1.',
  },
  prune: {
    check: checks.pruneScope,
    perEnvironment: true,
    description: 'Delete live dashboards that have no file: false, "folders" (the folders the tree manages) or "all" (the whole org). Default false.',
  },
  deleteMode: { check: checks.deleteMode, perEnvironment: true, description: '"soft" keeps Grafana\'s "Recently deleted" copy where it has one; "hard" purges it too. Default "soft".' },
  maxDeletes: {
    check: checks.integerIn(0, Number.MAX_SAFE_INTEGER, 'an integer of 0 or more'),
    perEnvironment: true,
    description: 'apply refuses a plan that deletes more dashboards and library panels than this (counted together; empty folders are not counted); pull --prune deletes at most this many files. Default 10.',
  },
  inputs: {
    check: checks.inputsMap,
    perEnvironment: true,
    description: 'Values for the ${DS_…} placeholders of exported dashboards, e.g. { "DS_PROMETHEUS": "<datasource uid>" }. An environment\'s inputs are merged over these, key by key.',
  },
  externalLibraryPanels: {
    check: checks.libraryPanelUidList,
    perEnvironment: false,
    description:
      'Uids of library panels that dashboards use but the tree does not hold (managed in Grafana or by another tool): check accepts references to them, and prune never deletes them.',
  },
  externalFolders: {
    check: checks.uidList,
    perEnvironment: false,
    description:
      'Uids of folders another repository or tool manages in the same org: no prune scope takes a dashboard or library panel in them or in the folders below them ("all" leaves them too, with one note), and plan stops warning that they are not known to be this tree\'s. A directory of the tree may not hold one.',
  },
  include: { check: checks.stringList, perEnvironment: true, description: 'Only the files matching these globs (relative to the root). An environment\'s list replaces this one.' },
  exclude: { check: checks.stringList, perEnvironment: true, description: 'Skip the files matching these globs. An environment\'s list replaces this one.' },
  message: {
    check: checks.nonEmptyString,
    perEnvironment: true,
    description: 'Version-history message template: {sha}, {subject}, {actor}. "dashsync:" is prefixed when missing. Default "dashsync: {sha} {subject}".',
  },
  backupDir: {
    check: checks.nonEmptyString,
    perEnvironment: true,
    description: 'Where prune writes each dashboard before deleting it, relative to this file. Default ".dashsync/backups" (".dashsync/backups/<environment>" for an environment).',
  },
  minRefreshInterval: {
    check: checks.grafanaDuration,
    perEnvironment: true,
    description: 'Your Grafana\'s [dashboards] min_refresh_interval, so compare raises "refresh" as the server will. Default "5s".',
  },
  caCert: { check: checks.nonEmptyString, perEnvironment: true, description: 'PEM file of CA certificates to trust for Grafana\'s TLS, relative to this file.' },
  api: {
    check: checks.apiMode,
    perEnvironment: true,
    description: 'Which Grafana API to use: "auto" (discover), "legacy" (/api) or "k8s" (/apis). Default "auto".',
  },
  grafanaVersion: {
    check: checks.grafanaRelease,
    perEnvironment: true,
    description:
      'The Grafana release this Grafana runs, e.g. "12.3" or "13": check then refuses a v2 dashboard file it cannot take (Grafana 12 serves no dashboard.grafana.app/v2, Grafana 11 no v2 at all) before any plan. Optional: plan and apply read the release from Grafana itself.',
  },
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

/** The key that holds the environments; each is an object of the perEnvironment keys. */
export const ENVIRONMENTS_KEY = 'environments';

/** The config file read when --config names none, and named in messages when there is none (where one would go). */
export const DEFAULT_CONFIG_FILE = 'dashsync.config.json';

/** The tree read when neither --root nor the config file's `root` names one (the Action's `path` input absent too). */
export const DEFAULT_ROOT = 'dashboards';
export const ENVIRONMENTS_DESCRIPTION =
  'One tree, several Grafanas or orgs: { "<name>": { "url": …, "inputs": … } }. --env NAME (or DASHSYNC_ENV) selects one; its values override the top level. Credentials: GRAFANA_TOKEN_<NAME> (name upper-cased, "-" as "_"), else GRAFANA_TOKEN.';

export const TOP_LEVEL_KEYS: readonly string[] = [...Object.keys(CONFIG_KEYS), ENVIRONMENTS_KEY];
export const ENVIRONMENT_KEYS = (Object.keys(CONFIG_KEYS) as ConfigKey[]).filter((key) => CONFIG_KEYS[key].perEnvironment);
/** Keys an environment may not override (one tree for all of them): refused as such, not as unknown keys. */
export const TOP_LEVEL_ONLY_KEYS = (Object.keys(CONFIG_KEYS) as ConfigKey[]).filter((key) => !CONFIG_KEYS[key].perEnvironment && key !== '$schema');

type CheckedValue<C> = C extends Check<infer T> ? T : never;

/** Validated values of one level of the file (the top level, or one environment); absent = not set or invalid. */
export type ConfigValues = { [K in ConfigKey]?: CheckedValue<(typeof CONFIG_KEYS)[K]['check']> };
