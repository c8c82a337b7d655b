import { readCatFileBatch } from './read-cat-file-batch.js';
import type { CommittedVersion } from './read-committed-versions.js';
import type { RemovedDashboardFile } from './find-removed-dashboard-files.js';
import { parseNameOnlyLog } from './parse-name-only-log.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/**
 * Each removed file's last `depth` committed versions, newest first (as readCommittedVersions gives a file the tree still
 * has): the commits that touched it up to the one its removal starts from (a removal committed: that commit's first
 * parent; `git rm` or a plain delete not committed yet: HEAD), renames followed. One `git log` per file and one cat-file
 * for them all. A file git gives no history for keeps the text it had when removed (its one version). Never throws.
 */
export async function readRemovedFileVersions(tree: string, files: ReadonlyMap<string, RemovedDashboardFile>, depth: number): Promise<Map<string, CommittedVersion[]>> {
  const prefix = await runGit(tree, ['rev-parse', '--show-prefix'], GIT_TIMEOUT_MS);
  const top = prefix.ok ? prefix.stdout.trim() : null;
  const logs = await Promise.all(
    [...files].map(async ([key, file]) => {
      const start = file.removal.kind === 'commit' ? `${file.removal.commit}^` : 'HEAD';
      // A literal pathspec: a file named `cpu [prod].json` or `a*.json` is that file, not a glob over its neighbours.
      const log = top === null ? null : await runGit(tree, ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--follow', `-n${depth}`, '--name-only', '-z', '--format=%x01%H%x02%s', start, '--', file.path], GIT_TIMEOUT_MS);
      return { key, file, commits: log?.ok ? parseNameOnlyLog(log.stdout).filter(({ paths }) => paths.length > 0) : [] };
    }),
  );
  const specs = logs.flatMap(({ commits }) => commits.map(({ commit, paths }) => `${commit}:${paths[0]}`));
  const blobs = specs.length === 0 ? [] : await readCatFileBatch(tree, specs);
  const versions = new Map<string, CommittedVersion[]>();
  let at = 0;
  for (const { key, file, commits } of logs) {
    const read = commits.flatMap(({ commit, subject, paths }) => {
      const text = blobs?.[at++]?.text;
      // The file's path in that commit (renames followed), from the top.
      const path = top !== null && paths[0]!.startsWith(top) ? paths[0]!.slice(top.length) : paths[0]!;
      return text === undefined ? [] : [{ text, path, commit, subject }];
    });
    versions.set(key, read.length > 0 ? read : [{ text: file.text, path: file.path, commit: '' }]);
  }
  return versions;
}
