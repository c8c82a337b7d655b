import { ConfigError } from '../errors.js';
import type { Settings } from './types.js';

/** The Grafana URL, for commands that talk to Grafana. */
export function requireUrl(settings: Pick<Settings, 'url'>): string {
  if (!settings.url) throw new ConfigError(['no Grafana URL: set GRAFANA_URL or --url']);
  return settings.url;
}
