import type { Settings } from '../config/types.js';
import { createGrafanaPort } from '../grafana/create-grafana-port.js';
import type { GrafanaPort } from '../grafana/port.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { CliIo } from './cli-io.js';

/**
 * The CLI's Grafana: warnings and --verbose notes go to stderr, escaped; proxy variables come from
 * the run's environment; `signal` (the command's Ctrl-C) ends the requests in flight.
 */
export function createCliGrafana(settings: Settings, io: CliIo, signal?: AbortSignal): Promise<GrafanaPort> {
  return createGrafanaPort(settings, {
    warn: (line) => io.stderr.write(`${escapeText(`warning: ${line}`)}\n`),
    info: (line) => io.stderr.write(`${escapeText(line)}\n`),
    env: io.env,
    signal,
  });
}
