import type { SandboxState } from './state.js';

/**
 * The state as it is now, to put back after a write that must leave nothing behind (a dry run). Records are never
 * changed in place (state.ts), so copies of the maps that hold them are enough.
 */
export function keepState(state: SandboxState): () => void {
  const nested = <K, V>(maps: Map<number, Map<K, V>>) => new Map([...maps].map(([orgId, map]) => [orgId, new Map(map)] as const));
  const kept: SandboxState = {
    orgs: new Map(state.orgs),
    users: new Map(state.users),
    serviceAccounts: new Map(state.serviceAccounts),
    tokens: new Map(state.tokens),
    dashboards: nested(state.dashboards),
    folders: nested(state.folders),
    libraryElements: nested(state.libraryElements),
    libraryConnections: new Map(state.libraryConnections),
    preferences: new Map(state.preferences),
    counters: { ...state.counters },
  };
  return () => {
    Object.assign(state, kept);
  };
}
