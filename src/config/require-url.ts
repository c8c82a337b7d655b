import { ConfigError } from '../errors.js';
import type { Settings } from './types.js';

/** Why a run without an environment talks to no Grafana. */
export const NO_URL = 'no Grafana URL: set GRAFANA_URL or --url';

/** The Grafana URL, for commands that talk to Grafana. */
export function requireUrl(settings: Pick<Settings, 'url'>): string {
  if (!settings.url) throw new ConfigError([NO_URL]);
  return settings.url;
}
