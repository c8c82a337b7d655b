/**
 * The CLI's option definitions, in yargs' terms. The commands build their parsers from them,
 * and the Action reads its `args` input with the same definitions, so a flag means one thing.
 * A command lists only the options it uses: its --help shows nothing it would ignore, and
 * strict parsing refuses the rest.
 */

/**
 * A numeric option: --help says [number], and a value that is not a number reaches the settings'
 * check as typed (`got "abc"`), not as yargs' NaN (which would print as `got null`). yargs keeps an
 * option that is also `string` as text; `coerce` turns a number's text into the number.
 */
const NUMBER = { type: 'number', string: true, coerce: numberOrText } as const;

function numberOrText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(numberOrText);
  if (typeof value !== 'string' || value.trim() === '') return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

/** Every command. */
export const GLOBAL_OPTIONS = {
  verbose: { type: 'boolean', describe: 'Print stack traces and request details, and every line of a long run of alike warnings', global: true },
  color: { type: 'boolean', describe: 'Colour output (--no-color or NO_COLOR=1 to disable)', global: true },
} as const;

/** Every command that talks to Grafana (SPEC §2), in the order --help lists them. An option that takes a value requires one: `--out` at the end of a line must not silently save nothing. */
export const COMMON_OPTIONS = {
  root: { type: 'string', requiresArg: true, describe: 'Dashboards tree (default: dashboards)' },
  config: { type: 'string', requiresArg: true, describe: 'Config file (default: dashsync.config.json when present)' },
  env: { type: 'string', requiresArg: true, describe: 'Environment of the config file to use (or DASHSYNC_ENV)' },
  url: { type: 'string', requiresArg: true, describe: 'Grafana URL (or GRAFANA_URL)' },
  'org-id': { ...NUMBER, requiresArg: true, describe: 'Grafana org id, sent as X-Grafana-Org-Id (or GRAFANA_ORG_ID)' },
  concurrency: { ...NUMBER, requiresArg: true, describe: 'Parallel requests to Grafana (default 8)' },
  include: { type: 'string', array: true, describe: 'Only files matching these globs (relative to the root)' },
  exclude: { type: 'string', array: true, describe: 'Skip files matching these globs' },
  timeout: { ...NUMBER, requiresArg: true, describe: 'Seconds before one request to Grafana gives up (default 30)' },
  api: { choices: ['auto', 'legacy', 'k8s'], describe: 'Grafana API: auto (discover /apis; default), legacy (/api only) or k8s (/apis only)' },
  'ca-cert': { type: 'string', requiresArg: true, describe: 'PEM file of a CA to trust for Grafana TLS' },
  insecure: { type: 'boolean', describe: 'Do not verify Grafana TLS certificates (warns)' },
} as const;

/** The common options that concern the tree: a command that reads none (restore) leaves them out. */
export const TREE_OPTION_NAMES = ['root', 'concurrency', 'include', 'exclude'] as const;

/** plan's own (`env` repeats here: plan alone takes several). */
export const PLAN_OPTIONS = {
  env: { type: 'string', array: true, describe: 'Environment of the config file (or DASHSYNC_ENV); repeat it to plan several in one run' },
  'all-envs': { type: 'boolean', describe: 'Plan every environment of the config file, one after another' },
  out: { type: 'string', requiresArg: true, describe: 'Save the plan for dashsync apply; a directory with several environments (<env>.plan.json each)' },
  format: {
    choices: ['text', 'markdown', 'json'],
    default: 'text',
    describe: 'Output format (json: the documented public JSON, docs/plan-json.md)',
  },
  'detailed-exitcode': { type: 'boolean', describe: 'Exit 2 when the plan has changes (0 none, 1 error)' },
  'max-deletes': { ...NUMBER, requiresArg: true, describe: 'Warn when the plan deletes more dashboards and library panels (counted together; empty folders are not counted) than this: apply would refuse it (default 10)' },
} as const;

/** show's own: the formats plan prints. */
export const SHOW_OPTIONS = {
  format: PLAN_OPTIONS.format,
  env: { type: 'string', array: true, requiresArg: true, describe: 'With a plan directory: only this environment\'s plan (<env>.plan.json); repeat it for several' },
} as const;

/** apply's own. */
export const APPLY_OPTIONS = {
  'auto-approve': {
    type: 'boolean',
    describe:
      'Without a plan file, on a terminal: apply without asking, deletes included; no one reviews that plan, so an edit made in Grafana it would overwrite (drift) is kept as a conflict unless --force',
  },
  force: {
    type: 'boolean',
    describe:
      'Overwrite dashboards that changed in Grafana since the plan, and, in an apply without a plan file that asks no one (--auto-approve, no terminal), edits made in Grafana (drift) ' +
      '(never takes over a same-titled dashboard on Grafana ≤ 11.2); ' +
      'with api legacy on Grafana 12+, also write the files with labels or annotations the plan marks "labels removed", removing them in Grafana',
  },
  'ignore-read-only': {
    type: 'boolean',
    describe: 'Send the writes even when Grafana lists no dashboard write permission for these credentials (apply stops before the first write otherwise)',
  },
  message: { type: 'string', requiresArg: true, describe: 'Version-history message template ({sha}, {subject}, {actor}); always carries the dashsync: marker' },
  'max-deletes': { ...NUMBER, requiresArg: true, describe: 'Refuse a plan that deletes more dashboards and library panels (counted together; empty folders are not counted) than this (default 10)' },
  'delete-mode': { choices: ['soft', 'hard'], describe: 'soft: keep Grafana\'s "Recently deleted" copy where it has one; hard: purge it too' },
  'backup-dir': { type: 'string', requiresArg: true, describe: 'Where prune writes the live JSON before each delete (default .dashsync/backups; .dashsync/backups/<env> with an environment)' },
  'interrupt-grace': {
    ...NUMBER,
    requiresArg: true,
    describe: 'Seconds a save in flight may still be answered after Ctrl-C or SIGTERM before it is listed as unknown (default 1)',
  },
  format: {
    choices: ['text', 'json'],
    describe: 'Output format: text (default) or json (JSON Lines on stdout, one object per event as it happens, then a result line: docs/apply-json.md)',
  },
} as const;

/** check's (offline: the tree and the config file only). */
export const CHECK_OPTIONS = {
  fix: { type: 'boolean', describe: 'Rewrite files in canonical form, remove numeric ids, add missing uids' },
  'pre-commit': {
    type: 'boolean',
    describe: "The pre-commit hook's entry: check's options, then file names (the first word that is no option starts them)",
  },
  root: COMMON_OPTIONS.root,
  config: COMMON_OPTIONS.config,
  env: { type: 'string', requiresArg: true, describe: "Check the tree as this environment's plan reads it: its include/exclude, inputs and, when it prunes, the uid of every file it leaves out (default: every file, every environment's inputs)" },
  include: COMMON_OPTIONS.include,
  exclude: COMMON_OPTIONS.exclude,
  format: { choices: ['text', 'json'], describe: 'Output format: text (default) or json (one document on stdout, docs/check-json.md)' },
} as const;

/**
 * A `[uids..]` (or `[files..]`) positional whose --help shows no `[default: []]`. Without a default yargs gives
 * `[undefined]` when no uid is named, so that one is dropped.
 */
const UIDS_POSITIONAL = {
  type: 'string',
  array: true,
  default: undefined,
  coerce: (uids: unknown[] | undefined) => (uids ?? []).filter((uid) => uid !== undefined),
} as const;

/** pull's `[uids..]`. */
export const PULL_UIDS = {
  ...UIDS_POSITIONAL,
  describe: "Only these dashboards or library panels (by uid); a folder's uid: that folder's _folder.json",
} as const;

/** restore's `<uids..>` (optional for yargs: restore says itself that none was named). */
export const RESTORE_UIDS = { ...UIDS_POSITIONAL, describe: 'Uids of dashboards or library panels to restore (at least one, or --all)' } as const;

/** check's `[files..]`. */
export const CHECK_FILES = {
  ...UIDS_POSITIONAL,
  describe: 'Only report on these files (as pre-commit passes them); uids are still checked against the whole tree',
} as const;

/** pull's own. */
export const PULL_OPTIONS = {
  folder: { type: 'string', array: true, describe: 'Only these folders (by uid) and their subfolders; "general" = the root level' },
  all: { type: 'boolean', describe: 'Every dashboard of the org (the default when the tree is empty)' },
  prune: { type: 'boolean', describe: 'Delete files whose dashboards or library panels are not in Grafana (within the pulled scope)' },
  'dry-run': { type: 'boolean', describe: 'Show what would be written; write nothing' },
  force: {
    type: 'boolean',
    describe: "Take Grafana's version of files that changed here too (refused without it), and let --prune delete files git does not hold",
  },
  'max-deletes': { ...NUMBER, requiresArg: true, describe: 'Refuse a --prune that would delete more dashboard and library panel files than this (counted together; default 10)' },
  format: {
    choices: ['text', 'json'],
    describe: 'Output format: text (default) or json (JSON Lines on stdout, one object per file, then a result line: docs/pull-restore-json.md)',
  },
} as const;

/** restore's own. */
export const RESTORE_OPTIONS = {
  all: {
    type: 'boolean',
    describe: 'Instead of uids: every dashboard and library panel whose newest backup (from this Grafana and org) Grafana does not hold now',
  },
  'deleted-since': {
    type: 'string',
    requiresArg: true,
    describe: 'With --all: only the uids backed up (deleted) at or after this time (ISO 8601, as apply names it; without a zone: UTC)',
  },
  'dry-run': { type: 'boolean', describe: 'List what would be restored (each uid named, or with --all) and from where: "Recently deleted" or which backup; restore nothing' },
  'backup-dir': { type: 'string', requiresArg: true, describe: 'Where prune wrote backups (default .dashsync/backups; .dashsync/backups/<env> with an environment)' },
  'backup-source': {
    type: 'string',
    requiresArg: true,
    describe: 'Take the backups taken through this Grafana URL (the same Grafana under another name) instead of this run\'s URL; same org',
  },
  folder: {
    type: 'string',
    requiresArg: true,
    describe: 'Restore into this existing folder (uid; "general" = the General level) instead of the one it was deleted from',
  },
  'from-backup': {
    type: 'string',
    requiresArg: true,
    describe: "Restore the one uid named from this backup file, whatever Grafana it was taken from (refused where Grafana's \"Recently deleted\" holds it deleted after that backup, with other content)",
  },
  'over-recently-deleted': {
    type: 'boolean',
    describe: 'Put a backup back even where Grafana\'s "Recently deleted" holds, or may hide from these credentials, a newer copy (that copy is then gone for good)',
  },
  'interrupt-grace': {
    ...NUMBER,
    requiresArg: true,
    describe: 'Seconds a restore in flight may still be answered after Ctrl-C or SIGTERM before it is listed as unknown (default 1)',
  },
  format: {
    choices: ['text', 'json'],
    describe: 'Output format: text (default) or json (JSON Lines on stdout, one object per uid as it happens, then a result line: docs/pull-restore-json.md)',
  },
} as const;

/**
 * Options a command's --help leaves out because it ignores them: colour where the output has
 * none; pull's --include/--exclude (it selects by uid or folder, and says so when given them).
 */
export const HIDDEN_OPTIONS = {
  check: ['color'],
  pull: ['color', 'include', 'exclude'],
  restore: ['color'],
  sandbox: ['color', 'verbose'],
} as const;
