import type { Settings } from '../config/types.js';
import { createClientFromSettings } from '../grafana/client-from-settings.js';
import type { GrafanaApi } from '../grafana/types.js';
import { escapeText } from '../report/escape-untrusted.js';

/** The CLI's Grafana client: warnings and --verbose notes go to stderr. */
export function createCliClient(settings: Settings): GrafanaApi {
  return createClientFromSettings(settings, {
    warn: (line) => process.stderr.write(`${escapeText(`warning: ${line}`)}\n`),
    info: (line) => process.stderr.write(`${escapeText(line)}\n`),
  });
}
