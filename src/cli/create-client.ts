import type { Settings } from '../config/types.js';
import { createGrafanaPort } from '../grafana/create-grafana-port.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { CliIo } from './cli-io.js';

/** The CLI's Grafana: warnings and --verbose notes go to stderr; proxy variables come from the run's environment. */
export function createCliGrafana(settings: Settings, io: CliIo): GrafanaPort {
  return createGrafanaPort(settings, {
    warn: (line) => io.stderr.write(`warning: ${line}\n`),
    info: (line) => io.stderr.write(`${line}\n`),
    env: io.env,
  });
}
