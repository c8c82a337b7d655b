/**
 * The CLI's option definitions, in yargs' terms. The commands build their parsers from them,
 * and the Action reads its `args` input with the same definitions, so a flag means one thing.
 */

/** Every command. */
export const GLOBAL_OPTIONS = {
  verbose: { type: 'boolean', describe: 'Print stack traces and request details', global: true },
  color: { type: 'boolean', describe: 'Colour output (--no-color or NO_COLOR=1 to disable)', global: true },
} as const;

/** Every command that reads the tree or talks to Grafana (SPEC §2). */
export const COMMON_OPTIONS = {
  root: { type: 'string', describe: 'Dashboards tree (default: dashboards)' },
  config: { type: 'string', describe: 'Config file (default: dashsync.config.json when present)' },
  url: { type: 'string', describe: 'Grafana URL (or GRAFANA_URL)' },
  'org-id': { type: 'number', describe: 'Grafana org id, sent as X-Grafana-Org-Id (or GRAFANA_ORG_ID)' },
  concurrency: { type: 'number', describe: 'Parallel requests to Grafana (default 8)' },
  include: { type: 'string', array: true, describe: 'Only files matching these globs (relative to the root)' },
  exclude: { type: 'string', array: true, describe: 'Skip files matching these globs' },
  timeout: { type: 'number', describe: 'Seconds before one request to Grafana gives up (default 30)' },
  'ca-cert': { type: 'string', describe: 'PEM file of a CA to trust for Grafana TLS' },
  insecure: { type: 'boolean', describe: 'Do not verify Grafana TLS certificates (warns)' },
} as const;

/** apply's own. */
export const APPLY_OPTIONS = {
  force: { type: 'boolean', describe: 'Overwrite dashboards that changed in Grafana since the plan (never takes over a same-titled dashboard on Grafana ≤ 11.2)' },
  message: { type: 'string', describe: 'Version-history message template ({sha}, {subject}, {actor}); always carries the dashsync: marker' },
  'max-deletes': { type: 'number', describe: 'Refuse a plan that deletes more dashboards than this (default 10)' },
  'delete-mode': { choices: ['soft', 'hard'], describe: 'soft: keep Grafana\'s "Recently deleted" copy where it has one; hard: purge it too' },
  'backup-dir': { type: 'string', describe: 'Where prune writes the live JSON before each delete (default .dashsync/backups)' },
} as const;
