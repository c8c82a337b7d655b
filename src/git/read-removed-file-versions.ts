import { readCatFileBatch } from './read-cat-file-batch.js';
import type { CommittedVersion } from './read-committed-versions.js';
import type { RemovedDashboardFile } from './find-removed-dashboard-files.js';
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
      const log = top === null ? null : await runGit(tree, ['-c', 'core.quotepath=off', 'log', '--follow', `-n${depth}`, '--name-only', '-z', '--format=%x01%H%x02%s', start, '--', file.path], GIT_TIMEOUT_MS);
      return { key, file, commits: log?.ok ? parseLog(log.stdout) : [] };
    }),
  );
  const specs = logs.flatMap(({ commits }) => commits.map((commit) => `${commit.commit}:${commit.path}`));
  const blobs = specs.length === 0 ? [] : await readCatFileBatch(tree, specs);
  const versions = new Map<string, CommittedVersion[]>();
  let at = 0;
  for (const { key, file, commits } of logs) {
    const read = commits.flatMap((commit) => {
      const text = blobs?.[at++]?.text;
      const path = top !== null && commit.path.startsWith(top) ? commit.path.slice(top.length) : commit.path;
      return text === undefined ? [] : [{ text, path, commit: commit.commit, subject: commit.subject }];
    });
    versions.set(key, read.length > 0 ? read : [{ text: file.text, path: file.path, commit: '' }]);
  }
  return versions;
}

/** `git log -z --name-only --format=%x01%H%x02%s` → each commit with its subject and the file's path in it (from the top). */
function parseLog(output: string): { commit: string; subject: string; path: string }[] {
  return output.split('\x01').slice(1).flatMap((record) => {
    const [head = '', ...paths] = record.split(/\n|\0/).filter(Boolean);
    const [commit = '', subject = ''] = head.split('\x02');
    const path = paths[0];
    return commit === '' || path === undefined ? [] : [{ commit, subject, path }];
  });
}
