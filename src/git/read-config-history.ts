import { realpath } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseNameOnlyLog } from './parse-name-only-log.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;
/** The newest commits of the config read: the mappings a Grafana's copies may still have been deployed with. */
const CONFIG_COMMITS_READ = 20;

/** The config's committed texts, newest first, and the other paths (from the repository's top) it had in those commits. */
interface ConfigHistory {
  texts: string[];
  /** Where a `git mv` (or a rename git detects) moved it from: read there in the commits before the move (readCommittedVersions' `configFormerPaths`). */
  formerPaths: string[];
}

/**
 * The texts the config file (`configFile`, absolute) had in the newest CONFIG_COMMITS_READ commits of HEAD's history that
 * changed it, newest first, under the names it had then (renames followed: a config moved with `git mv` keeps its history):
 * three git processes, asked from `cwd` (a directory of the repository). None where git tells nothing (no git, never
 * committed, a config outside the repository); never throws.
 */
export async function readConfigHistory(cwd: string, configFile: string): Promise<ConfigHistory> {
  const none: ConfigHistory = { texts: [], formerPaths: [] };
  const [top, real] = await Promise.all([runGit(cwd, ['rev-parse', '--show-toplevel'], GIT_TIMEOUT_MS), realpath(configFile).catch(() => null)]);
  if (!top.ok || real === null) return none;
  const path = relative(await realpath(top.stdout.trim()).catch(() => top.stdout.trim()), real).split('\\').join('/');
  if (path === '' || path.startsWith('..') || /[\n\r]/.test(path)) return none;
  const log = await runGit(cwd, ['log', '--follow', '-z', '--name-only', '--format=%x01%H', `-n${CONFIG_COMMITS_READ}`, 'HEAD', '--', `:(top,literal)${path}`], GIT_TIMEOUT_MS);
  if (!log.ok) return none;
  // Each commit with the name the file had in it (the new name, in the commit that moved it).
  const commits = parseNameOnlyLog(log.stdout).flatMap(({ commit, paths }) => (/^[0-9a-f]{40,64}$/.test(commit) ? [{ commit, path: paths.at(-1) ?? path }] : []));
  if (commits.length === 0) return none;
  const carried = commits.filter((each) => !/[\n\r]/.test(each.path));
  const blobs = (await readCatFileBatch(cwd, carried.map(({ commit, path: at }) => `${commit}:${at}`))) ?? [];
  return {
    texts: blobs.flatMap((blob) => (blob ? [blob.text] : [])),
    formerPaths: [...new Set(carried.map((each) => each.path).filter((at) => at !== path))],
  };
}
