import type { IncomingHttpHeaders } from 'node:http';
import type { Identity } from '../authenticate.js';
import type { EraRules, FeatureSet } from '../era.js';
import type { Requirement } from '../permissions.js';
import type { SandboxState } from '../state.js';
import type { Reply } from './reply.js';
import type { InstanceDatasource } from '../migration/instance-datasources.js';

/** Everything a route handler may use. Handlers are synchronous: state changes happen in one tick. */
export interface RouteContext {
  state: SandboxState;
  era: EraRules;
  /** Feature toggles in effect (the release's defaults plus the caller's). */
  features: FeatureSet;
  identity: Identity;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; `undefined` when empty; `invalidJson` when it did not parse. */
  body: unknown;
  invalidJson: boolean;
  /** The request body as it came (absent where a handler is called from another one). */
  bodyText?: string;
  /** The body's first number literal beyond a float64 (`1e400`: float-overflow.ts), which 12/13 refuse; undefined when none. */
  floatOverflow?: string;
  headers: IncomingHttpHeaders;
  settings: RouteSettings;
  /** Uids /api/search leaves out (the `searchMisses` fault); none unless a test lags the index. */
  searchMisses?: ReadonlySet<string>;
  /** Tell the persistence layer that state changed. */
  changed(): void;
}

export interface RouteSettings {
  minRefreshSeconds: number;
  minRefreshInterval: string;
  versionsToKeep: number;
  /** See SandboxOptions.maxPageSizeBytes; absent = 2 MiB. */
  maxPageSizeBytes?: number;
  /** See SandboxOptions.storage; absent = 'legacy'. */
  storage?: 'legacy' | 'unified';
  /** See SandboxOptions.maxNestedFolderDepth; absent = 4 (DEFAULT_MAX_NESTED_FOLDER_DEPTH). */
  maxNestedFolderDepth?: number;
  /** See SandboxOptions.staleConnectionCounts. */
  staleConnectionCounts?: boolean;
  /** See SandboxOptions.hideVersion. */
  hideVersion?: boolean;
  /** See SandboxOptions.datasources: the frontend settings list the identity's org's. */
  datasources?: readonly InstanceDatasource[];
}

export interface Route {
  method: string;
  /** e.g. `/api/dashboards/uid/:uid/versions/:version`. */
  pattern: string;
  /** No authentication (health). */
  public?: boolean;
  requirement?: Requirement;
  handle(context: RouteContext): Reply;
}

interface CompiledRoute extends Route {
  segments: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches method + path against the route patterns; static segments win over parameters. */
export function createRouteTable(routes: Route[]): (method: string, path: string) => RouteMatch | undefined {
  const compiled: CompiledRoute[] = routes.map((route) => ({ ...route, segments: split(route.pattern) }));
  compiled.sort((a, b) => paramCount(a) - paramCount(b));
  return (method, path) => {
    const parts = split(path);
    for (const route of compiled) {
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET' && route.public)) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { route, params };
    }
    return undefined;
  };
}

function split(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function paramCount(route: CompiledRoute): number {
  return route.segments.filter((segment) => segment.startsWith(':')).length;
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (segment !== part) return undefined;
  }
  return params;
}
