import type { Settings } from '../config/types.js';
import { portIdentityOf } from '../grafana/create-grafana-port.js';
import type { RetryEvent } from '../grafana/http/retry-policy.js';
import type { GrafanaPort } from '../grafana/port.js';
import { shareListings } from '../plan/share-listings.js';
import type { CliIo } from './cli-io.js';
import { createCliGrafana, noteSharedPort } from './create-client.js';

/** The ports of a run that plans several environments, one after another (createEnvironmentPorts). */
export interface EnvironmentPorts {
  /** The port for these settings: the one an earlier environment opened with the same portIdentityOf, else a new one; its retries are told to `onRetry` from now on. */
  open(settings: Settings, onRetry: (event: RetryEvent) => void): Promise<GrafanaPort>;
  /** The plan through the port of these settings failed: the next environment opens its own (it says its own errors, its own org's source). */
  letGo(settings: Settings): void;
  /** Closes every port opened. */
  close(): Promise<void>;
}

interface OpenPort {
  grafana: Promise<GrafanaPort>;
  /** Where its retries are told: the environment being planned now. */
  retries: { to: (event: RetryEvent) => void };
}

/**
 * Environments whose settings make the same port (portIdentityOf: one Grafana URL and org, the same credentials, API
 * and connection settings) plan through one: its connections, what it asks once (discovery, the server's version, the
 * identity, the access check, permissions, "Recently deleted") and the plan's listings (shareListings) serve them all.
 * An environment of another org, or with other credentials, gets a port of its own: other credentials may see other things.
 */
export function createEnvironmentPorts(io: CliIo): EnvironmentPorts {
  const shared = new Map<string, OpenPort>();
  const opened: Promise<GrafanaPort>[] = [];
  return {
    open(settings, onRetry) {
      const identity = portIdentityOf(settings);
      const known = shared.get(identity);
      if (known !== undefined) {
        noteSharedPort(settings, io);
        known.retries.to = onRetry;
        return known.grafana;
      }
      const retries = { to: onRetry };
      const grafana = createCliGrafana(settings, io, undefined, (event) => retries.to(event)).then(shareListings);
      shared.set(identity, { grafana, retries });
      opened.push(grafana);
      return grafana;
    },
    letGo(settings) {
      shared.delete(portIdentityOf(settings));
    },
    async close() {
      await Promise.all(opened.map(async (grafana) => (await grafana.catch(() => undefined))?.close()));
    },
  };
}
