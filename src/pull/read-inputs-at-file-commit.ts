import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { readCommittedVersions } from '../git/read-committed-versions.js';
import { committedInputsReader, configFileOf } from '../plan/find-held-in-git.js';

/**
 * The inputs the config of a file's last commit gave this run's environment, where they differ from this run's (none where
 * they do not, or git or a config file tells nothing): what Grafana's copy was deployed with while an inputs change committed
 * since is not applied yet (review-66a M1). Pull asks only for a file whose placeholders this run's inputs could not put
 * back; the first ask reads the last commit of every file in `files` (the pull's existing dashboard files) in one
 * readCommittedVersions (five git processes however many are asked, review-67b M4). A file outside `files` is read alone.
 */
export function createInputsAtFileCommitReader(
  realRoot: string,
  settings: Pick<Settings, 'inputs' | 'cwd'> & Partial<Pick<Settings, 'configFile' | 'environment'>>,
  files: readonly string[],
): (file: string) => Promise<Record<string, string>[]> {
  const renderingsOf = committedInputsReader(settings);
  const config = configFileOf(settings);
  const readLast = (absPaths: string[]) => readCommittedVersions(absPaths, { cwd: realRoot, depth: 1, tree: realRoot, ...config });
  const known = new Set(files.map((each) => resolve(realRoot, each)));
  let read: ReturnType<typeof readCommittedVersions> | undefined;
  return async (file) => {
    if (config.configFile === undefined) return [];
    const absPath = resolve(realRoot, file);
    const committed = known.has(absPath) ? await (read ??= readLast([...known])) : await readLast([absPath]);
    const last = committed?.versions.get(absPath)?.[0];
    // The last rendering is this run's own inputs.
    return last === undefined ? [] : renderingsOf(last).slice(0, -1);
  };
}
