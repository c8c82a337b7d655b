import { realpath } from 'node:fs/promises';
import { relative } from 'node:path';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;
/** The newest commits of the config read: the mappings a Grafana's copies may still have been deployed with. */
const CONFIG_COMMITS_READ = 20;

/**
 * The texts the config file (`configFile`, absolute) had in the newest CONFIG_COMMITS_READ commits of HEAD's history that
 * changed it, newest first: three git processes, asked from `cwd` (a directory of the repository). None where git tells
 * nothing (no git, never committed, a config outside the repository); never throws.
 */
export async function readConfigHistory(cwd: string, configFile: string): Promise<string[]> {
  const [top, real] = await Promise.all([runGit(cwd, ['rev-parse', '--show-toplevel'], GIT_TIMEOUT_MS), realpath(configFile).catch(() => null)]);
  if (!top.ok || real === null) return [];
  const path = relative(await realpath(top.stdout.trim()).catch(() => top.stdout.trim()), real).split('\\').join('/');
  if (path === '' || path.startsWith('..') || /[\n\r]/.test(path)) return [];
  const log = await runGit(cwd, ['log', `-n${CONFIG_COMMITS_READ}`, '--format=%H', 'HEAD', '--', `:(top,literal)${path}`], GIT_TIMEOUT_MS);
  if (!log.ok) return [];
  const commits = log.stdout.split('\n').filter((line) => /^[0-9a-f]{40,64}$/.test(line));
  if (commits.length === 0) return [];
  const blobs = (await readCatFileBatch(cwd, commits.map((commit) => `${commit}:${path}`))) ?? [];
  return blobs.flatMap((blob) => (blob ? [blob.text] : []));
}
