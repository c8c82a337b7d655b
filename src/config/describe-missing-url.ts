import type { Shell } from '../describe-error.js';
import type { FilePosition } from './types.js';

/**
 * Pure: why a run of an environment has no Grafana URL, as one line: the config file gives neither that environment nor
 * its top level a `url` (and no GRAFANA_URL or --url replaced them, nor the Action's "grafana-url" input: `shell`'s way is advised), at
 * the place the environment is written.
 */
export function describeMissingUrl(environment: string, at: FilePosition | undefined, configFile: string, shell: Shell = 'cli'): string {
  const where = at === undefined ? configFile : `${configFile}:${at.line}:${at.col}`;
  return (
    `${where}: environment "${environment}" has no "url", and the top level of ${configFile} sets none for it: ` +
    `add "url": "https://…" to environment "${environment}" (or to the top level, for every environment without its own), ${shell === 'action' ? 'or set this step\'s "grafana-url" input' : 'or set GRAFANA_URL or --url for this run'}`
  );
}
