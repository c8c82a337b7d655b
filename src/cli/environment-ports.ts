import type { Settings } from '../config/types.js';
import { askerIdentityOf, portIdentityOf } from '../grafana/create-grafana-port.js';
import type { RetryEvent } from '../grafana/http/retry-policy.js';
import type { DashboardPermissions, GrafanaPort } from '../grafana/port.js';
import { sharePermissions } from '../grafana/share-permissions.js';
import { shareListings } from '../plan/share-listings.js';
import type { CliIo } from './cli-io.js';
import { createCliGrafana, noteSharedPort } from './create-client.js';

/** The ports of a run that plans several environments, one after another (createEnvironmentPorts). */
export interface EnvironmentPorts {
  /**
   * The port for these settings: the one an earlier environment opened with the same portIdentityOf, else a new one; from
   * now on its retries are told to `onRetry`, and a refusal of its org names where these settings' orgId came from.
   */
  open(settings: Settings, onRetry: (event: RetryEvent) => void): Promise<GrafanaPort>;
  /** The plan through the port of these settings failed: the next environment opens its own (it says its own errors, not an answer kept from this one). */
  letGo(settings: Settings): void;
  /** Closes every port opened. */
  close(): Promise<void>;
}

interface OpenPort {
  grafana: Promise<GrafanaPort>;
  /**
   * The environment being planned now: where its retries are told, where its orgId came from (Settings.orgIdFrom), and
   * whether it took the generic credentials (GrafanaAuth.fallbackFor): a refusal names it, not the environment that opened the port.
   */
  serving: { onRetry: (event: RetryEvent) => void; orgIdFrom: string | undefined; fallbackFor: string | undefined };
}

/**
 * Environments whose settings make the same port (portIdentityOf: one Grafana URL and org, the same credentials, API
 * and connection settings) plan through one: its connections, what it asks once (discovery, the server's version, the
 * identity, the access check, permissions, "Recently deleted") and the plan's listings (shareListings) serve them all;
 * on `/apis`, so do the pages of the dashboard listings each plan's read goes through (KeptListPages: a port opened for
 * an environment that a later one of `runSettings` shares). An environment of another org, or with other credentials,
 * gets a port of its own: other credentials may see other things. One of the same Grafana, org and credentials with other
 * API or connection settings gets a port of its own too, but shares the permissions read (sharePermissions: one per run
 * for them, as Grafana answers them alike; fixd-70).
 */
export function createEnvironmentPorts(io: CliIo, runSettings: readonly Settings[]): EnvironmentPorts {
  const shared = new Map<string, OpenPort>();
  const permissions = new Map<string, Promise<DashboardPermissions | null>>();
  const opened: Promise<GrafanaPort>[] = [];
  return {
    open(settings, onRetry) {
      const identity = portIdentityOf(settings);
      const known = shared.get(identity);
      if (known !== undefined) {
        noteSharedPort(settings, io);
        Object.assign(known.serving, servingOf(settings, onRetry));
        return known.grafana;
      }
      const serving = servingOf(settings, onRetry);
      const keepListPages = runSettings.slice(runSettings.indexOf(settings) + 1).some((later) => portIdentityOf(later) === identity);
      const asker = askerIdentityOf(settings);
      const grafana = createCliGrafana(settings, io, { onRetry: (event) => serving.onRetry(event), orgIdFrom: () => serving.orgIdFrom, credentialsFallbackFor: () => serving.fallbackFor, keepListPages }).then(
        (port) => sharePermissions(shareListings(port), permissions, asker),
      );
      shared.set(identity, { grafana, serving });
      opened.push(grafana);
      return grafana;
    },
    letGo(settings) {
      shared.delete(portIdentityOf(settings));
      permissions.delete(askerIdentityOf(settings));
    },
    async close() {
      await Promise.all(opened.map(async (grafana) => (await grafana.catch(() => undefined))?.close()));
    },
  };
}

function servingOf(settings: Settings, onRetry: (event: RetryEvent) => void): OpenPort['serving'] {
  return { onRetry, orgIdFrom: settings.orgIdFrom, fallbackFor: settings.auth.kind === 'none' ? undefined : settings.auth.fallbackFor };
}
