import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { readCommittedVersions } from '../git/read-committed-versions.js';
import { committedInputsReader, configFileOf } from '../plan/find-held-in-git.js';
import type { InputsAtFileCommitReader } from './pull-dashboard-target.js';

/**
 * The inputs the config of each file's last commit gave this run's environment, where they differ from this run's (none where
 * they do not, or git or a config file tells nothing): what Grafana's copy was deployed with while an inputs change committed
 * since is not applied yet (review-66a M1). Pull asks only for the files whose placeholders this run's inputs could not put
 * back, a batch at a time (AwaitingInputs): one readCommittedVersions of those files alone (five git processes however many
 * are asked, and only their last commits read: fixo-68). The config is read where each commit had it: `formerPaths`, the
 * paths it had before a `git mv` (readConfiguredInputs, asked once, at the first batch).
 */
export function createInputsAtFileCommitReader(
  realRoot: string,
  settings: Pick<Settings, 'inputs' | 'cwd'> & Partial<Pick<Settings, 'configFile' | 'environment'>>,
  formerPaths: () => Promise<readonly string[]>,
): InputsAtFileCommitReader {
  const renderingsOf = committedInputsReader(settings);
  const config = configFileOf(settings);
  return async (files) => {
    if (config.configFile === undefined || files.length === 0) return files.map(() => []);
    const absPaths = files.map((file) => resolve(realRoot, file));
    const committed = await readCommittedVersions([...new Set(absPaths)], { cwd: realRoot, depth: 1, tree: realRoot, ...config, configFormerPaths: await formerPaths() });
    return absPaths.map((absPath) => {
      const last = committed?.versions.get(absPath)?.[0];
      // The last rendering is this run's own inputs.
      return last === undefined ? [] : renderingsOf(last).slice(0, -1);
    });
  };
}
