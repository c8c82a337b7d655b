import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseJsonDocument } from '../files/parse-json.js';
import { resolveSettings } from './resolve-settings.js';
import type { ConfigFlags, RawConfigFile, Settings } from './types.js';

const DEFAULT_CONFIG_FILE = 'dashsync.config.json';

/**
 * Reads `--config` (must exist) or `dashsync.config.json` in cwd (optional), then
 * resolves flags > environment > file > defaults. Throws ConfigError with every problem.
 */
export async function loadSettings(input: {
  flags: ConfigFlags;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stderr is a terminal (the colour default); default: the process's. */
  isTTY?: boolean;
}): Promise<Settings> {
  const { file, filePath } = await readConfigFile(input.flags.config, input.cwd);
  const { settings, problems } = resolveSettings({
    file,
    filePath,
    env: input.env,
    flags: input.flags,
    cwd: input.cwd,
    isTTY: input.isTTY ?? process.stderr.isTTY === true,
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

async function readConfigFile(
  explicit: string | undefined,
  cwd: string,
): Promise<{ file: RawConfigFile | undefined; filePath: string | undefined }> {
  const filePath = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  const shown = relative(cwd, filePath).split('\\').join('/') || filePath;
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === 'ENOENT') return { file: undefined, filePath: undefined };
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? (error as Error).message})`;
    throw new ConfigError([`${shown}: ${reason}`]);
  }
  const parsed = parseJsonDocument(text, shown);
  const syntax = parsed.diagnostics[0];
  if (syntax) throw new ConfigError([`${shown}:${syntax.line}:${syntax.col}: ${syntax.message}`]);
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new ConfigError([`${shown}: must be a JSON object like { "root": "dashboards" }`]);
  }
  return { file: parsed.value as RawConfigFile, filePath };
}
