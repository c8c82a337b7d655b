import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from './config-keys.js';
import { ConfigError } from '../errors.js';
import { parseJsonDocument } from '../files/parse-json.js';
import { describeReadError } from '../files/file-error-reasons.js';
import { refuseOneTargetForEnvironments } from './refuse-one-target-for-environments.js';
import { resolveSettings } from './resolve-settings.js';
import type { ConfigFlags, RawConfigFile, Settings } from './types.js';


export interface LoadSettingsInput {
  flags: ConfigFlags;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The command never talks to Grafana (check): environments need not be chosen. */
  offline?: boolean;
  /** Where a warning about the settings goes (an environment variable replacing an environment's url). */
  onWarning?: (line: string) => void;
}

/**
 * Reads `--config` (must exist) or `dashsync.config.json` in cwd (optional), then
 * resolves flags > environment variables > the selected environment > the file > defaults.
 * Throws ConfigError with every problem.
 */
export async function loadSettings(input: LoadSettingsInput): Promise<Settings> {
  const [settings] = await loadSettingsForEach(input, [input.flags.env]);
  return settings!;
}

/**
 * The settings of each named environment (`'all'`: every one the file defines), from one
 * read of the file, in the file's order of environments whatever order they were named in (as
 * `show DIR` prints their plans). Throws one ConfigError holding every problem of every environment.
 */
export async function loadSettingsForEach(input: LoadSettingsInput, names: (string | undefined)[] | 'all'): Promise<Settings[]> {
  const { file, filePath, fileText } = await readConfigFile(input.flags.config, input.cwd);
  const resolveFor = (env: string | undefined, offline = input.offline) =>
    resolveSettings({ file, filePath, fileText, env: input.env, flags: { ...input.flags, env }, cwd: input.cwd, offline });
  let wanted = names;
  if (wanted === 'all') {
    const overview = resolveFor(undefined, true);
    if (overview.problems.length > 0) throw new ConfigError(overview.problems);
    if (overview.settings.environments.length === 0) {
      const where = filePath ? `${shownPath(input.cwd, filePath)} defines no environments` : 'there is no dashsync.config.json to define environments in';
      throw new ConfigError([`--all-envs: ${where}`]);
    }
    wanted = overview.settings.environments;
  }
  const results = [...new Set(wanted)].map((name) => resolveFor(name));
  const problems = [...new Set(results.flatMap((result) => result.problems))];
  problems.push(...refuseOneTargetForEnvironments(results.map((result) => result.target), results[0]?.settings.configFile ?? DEFAULT_CONFIG_FILE));
  if (problems.length > 0) throw new ConfigError(problems, results.find((result) => result.next !== undefined)?.next);
  for (const warning of new Set(results.flatMap((result) => result.warnings))) input.onWarning?.(warning);
  const order = results[0]?.settings.environments ?? [];
  const place = (settings: Settings) => (settings.environment === undefined ? -1 : order.indexOf(settings.environment));
  return results.map((result) => result.settings).sort((a, b) => place(a) - place(b));
}

async function readConfigFile(
  explicit: string | undefined,
  cwd: string,
): Promise<{ file: RawConfigFile | undefined; filePath: string | undefined; fileText?: string }> {
  const filePath = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  const shown = shownPath(cwd, filePath);
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === 'ENOENT') return { file: undefined, filePath: undefined };
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? `it is a directory, not a config file: name the config file itself (e.g. ${join(shown, DEFAULT_CONFIG_FILE)})`
          : `cannot read it: ${describeReadError(error)}`;
    throw new ConfigError([`${shown}: ${reason}`]);
  }
  const parsed = parseJsonDocument(text, shown, { holds: 'a config file holds one JSON object like { "root": "dashboards" }' });
  const syntax = parsed.diagnostics[0];
  if (syntax) throw new ConfigError([`${shown}:${syntax.line}:${syntax.col}: ${syntax.message}`]);
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new ConfigError([`${shown}: must be a JSON object like { "root": "dashboards" }`]);
  }
  return { file: parsed.value as RawConfigFile, filePath, fileText: text };
}

function shownPath(cwd: string, filePath: string): string {
  return relative(cwd, filePath).split('\\').join('/') || filePath;
}
