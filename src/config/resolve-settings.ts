import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as checks from './checks.js';
import { parseGrafanaUrl } from './parse-grafana-url.js';
import { resolveAuth } from './resolve-auth.js';
import type { ConfigFlags, RawConfigFile, Settings } from './types.js';

export interface ResolveSettingsInput {
  file: RawConfigFile | undefined;
  filePath: string | undefined;
  env: Record<string, string | undefined>;
  flags: ConfigFlags;
  cwd: string;
  /** Whether stderr is a terminal (colour default); false when unknown. */
  isTTY?: boolean;
}

const DEFAULTS = {
  root: 'dashboards',
  concurrency: 8,
  timeoutSeconds: 30,
  prune: false,
  deleteMode: 'soft',
  maxDeletes: 10,
  message: 'dashsync: {sha} {subject}',
  backupDir: '.dashsync/backups',
  minRefreshInterval: '5s',
} as const;

/** Keys dashsync.config.json may hold (SPEC §4, plus the few settings only a file can give). */
const CONFIG_FILE_KEYS = [
  '$schema', 'root', 'url', 'orgId', 'concurrency', 'timeout', 'prune', 'deleteMode', 'maxDeletes', 'inputs',
  'include', 'exclude', 'message', 'backupDir', 'minRefreshInterval', 'caCert',
] as const;

const CREDENTIAL_KEY = /token|password|passwd|secret|api[-_]?key|credential|auth/i;

/**
 * Flags > environment > config file > defaults, validated. Pure. Every problem is
 * collected (a caller throws ConfigError when there is any); a bad value falls back to
 * its default so the remaining settings can still be checked.
 */
export function resolveSettings(input: ResolveSettingsInput): { settings: Settings; problems: string[] } {
  const { flags, env } = input;
  const cwd = resolve(input.cwd);
  const file = input.file ?? {};
  const fileLabel = input.filePath ? displayPath(cwd, input.filePath) : 'dashsync.config.json';
  const fileDir = input.filePath ? dirname(resolve(cwd, input.filePath)) : cwd;
  const problems: string[] = [];

  for (const key of Object.keys(file)) {
    if (CREDENTIAL_KEY.test(key)) {
      problems.push(`${fileLabel}: "${key}" looks like a credential; credentials belong in GRAFANA_TOKEN (or GRAFANA_USER and GRAFANA_PASSWORD), never in the config file`);
    } else if (!(CONFIG_FILE_KEYS as readonly string[]).includes(key)) {
      const hint = closestKey(key);
      problems.push(`${fileLabel}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }

  /** The first source that has a value, validated; the default when none has one or it is invalid. */
  const pick = <T>(
    sources: { flag?: [string, unknown]; env?: string; file?: string },
    check: checks.Check<T>,
    fallback: T,
  ): T => {
    const candidates: [string, unknown][] = [];
    if (sources.flag) candidates.push(sources.flag);
    if (sources.env) candidates.push([sources.env, fromEnv(env[sources.env])]);
    if (sources.file) candidates.push([`${fileLabel}: "${sources.file}"`, file[sources.file]]);
    const found = candidates.find(([, value]) => value !== undefined);
    if (!found) return fallback;
    const result = check(found[1]);
    if (result.ok) return result.value;
    problems.push(`${found[0]} must be ${result.expected}, got ${checks.describeValue(found[1])}`);
    return fallback;
  };
  /** Paths from flags are relative to the working directory, paths from the file to the file. */
  const pickPath = (flag: string, flagValue: string | undefined, fileKey: string, fallback?: string): string | undefined => {
    const value = pick<string | undefined>({ flag: [flag, flagValue], file: fileKey }, checks.nonEmptyString, undefined);
    if (value === undefined) return fallback === undefined ? undefined : resolve(cwd, fallback);
    return resolve(flagValue !== undefined ? cwd : fileDir, value);
  };

  let url: string | undefined;
  const rawUrl = pick<string | undefined>({ flag: ['--url', flags.url], env: 'GRAFANA_URL', file: 'url' }, checks.nonEmptyString, undefined);
  if (rawUrl !== undefined) {
    const label = flags.url !== undefined ? '--url' : nonEmpty(env.GRAFANA_URL) !== undefined ? 'GRAFANA_URL' : `${fileLabel}: "url"`;
    const parsed = parseGrafanaUrl(rawUrl, label);
    if ('url' in parsed) url = parsed.url;
    else problems.push(parsed.problem);
  }

  const auth = resolveAuth(env, problems);
  const noColor = nonEmpty(env.NO_COLOR) !== undefined;
  const settings: Settings = {
    cwd,
    root: pickPath('--root', flags.root, 'root', DEFAULTS.root)!,
    url,
    orgId: pick<number | undefined>(
      { flag: ['--org-id', flags.orgId], env: 'GRAFANA_ORG_ID', file: 'orgId' },
      checks.integerIn(1, Number.MAX_SAFE_INTEGER, 'a positive integer'),
      undefined,
    ),
    auth,
    concurrency: pick(
      { flag: ['--concurrency', flags.concurrency], file: 'concurrency' },
      checks.integerIn(1, 256, 'an integer from 1 to 256'),
      DEFAULTS.concurrency,
    ),
    timeoutMs: 1000 * pick({ flag: ['--timeout', flags.timeout], file: 'timeout' }, checks.positiveNumber, DEFAULTS.timeoutSeconds),
    prune: pick({ flag: ['--prune', flags.prune], file: 'prune' }, checks.pruneScope, DEFAULTS.prune),
    deleteMode: pick({ flag: ['--delete-mode', flags.deleteMode], file: 'deleteMode' }, checks.deleteMode, DEFAULTS.deleteMode),
    maxDeletes: pick(
      { flag: ['--max-deletes', flags.maxDeletes], file: 'maxDeletes' },
      checks.integerIn(0, Number.MAX_SAFE_INTEGER, 'an integer of 0 or more'),
      DEFAULTS.maxDeletes,
    ),
    inputs: pick({ file: 'inputs' }, checks.stringMap, {}),
    include: pick({ flag: ['--include', flags.include], file: 'include' }, checks.stringList, []),
    exclude: pick({ flag: ['--exclude', flags.exclude], file: 'exclude' }, checks.stringList, []),
    message: pick({ flag: ['--message', flags.message], file: 'message' }, checks.nonEmptyString, DEFAULTS.message),
    backupDir: pickPath('--backup-dir', flags.backupDir, 'backupDir', DEFAULTS.backupDir)!,
    minRefreshInterval: pick({ file: 'minRefreshInterval' }, checks.grafanaDuration, DEFAULTS.minRefreshInterval),
    caCert: pickPath('--ca-cert', flags.caCert, 'caCert'),
    insecure: pick({ flag: ['--insecure', flags.insecure] }, checks.boolean, false),
    verbose: pick({ flag: ['--verbose', flags.verbose] }, checks.boolean, false),
    color: flags.color ?? (noColor ? false : (input.isTTY ?? false)),
  };
  return { settings, problems };
}

/** Environment values are strings; a numeric one is read as a number (GRAFANA_ORG_ID=2). */
function fromEnv(value: string | undefined): unknown {
  const text = nonEmpty(value);
  return text !== undefined && /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function displayPath(cwd: string, path: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : absolute;
}

/** The known key within edit distance 2, for "did you mean". */
function closestKey(key: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of CONFIG_FILE_KEYS) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
