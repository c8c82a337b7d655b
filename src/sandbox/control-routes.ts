import { errorReply, json, mapJson, type Reply } from './http/reply.js';
import { findFaultConfigProblem, type FaultInjector } from './faults.js';
import type { HeldRequests } from './held-requests.js';
import type { RequestLog } from './request-log.js';
import type { FaultConfig, ProvisionInput, RepositoryFolderInput, RepositorySyncInput } from './types.js';
import { readUiEditRequest, simulateUiEdit, type UiEditDeps } from './ui-edit.js';

export interface ControlDeps extends UiEditDeps {
  faults: FaultInjector;
  log: RequestLog;
  held: HeldRequests;
  current: { faults?: FaultConfig };
  /** What `/__sandbox/provision` and `/__sandbox/git-sync` store: SandboxServer.provisionDashboard and syncFromRepository (throw on bad input). */
  provision(input: ProvisionInput): { uid: string; version: number };
  syncFromRepository(input: RepositorySyncInput): { uid: string; version: number };
  syncFolderFromRepository(input: RepositoryFolderInput): { uid: string; version: number };
}

/** /__sandbox/* for a sandbox running as a separate process (no auth, never logged, never faulted). */
export function createControlRoutes(deps: ControlDeps) {
  const { faults, log, held, current } = deps;
  return (method: string, path: string, bodyText: string): Reply | undefined => {
    if (path === '/__sandbox/faults' && method === 'PUT') {
      let config: FaultConfig | undefined;
      try {
        const parsed = bodyText.trim() === '' ? null : (JSON.parse(bodyText) as unknown);
        config = parsed === null ? undefined : (parsed as FaultConfig);
      } catch {
        return errorReply(400, 'body must be a JSON FaultConfig or null');
      }
      if (config !== undefined && (typeof config !== 'object' || Array.isArray(config))) {
        return errorReply(400, 'body must be a JSON FaultConfig or null');
      }
      const problem = config === undefined ? null : findFaultConfigProblem(config);
      if (problem !== null) return errorReply(400, `faults not changed: ${problem}`);
      current.faults = config;
      faults.set(config);
      return mapJson(200, { message: 'faults updated' });
    }
    if (path === '/__sandbox/faults' && method === 'GET') return json(200, current.faults ?? null);
    if (path === '/__sandbox/requests' && method === 'GET') return json(200, log.list());
    if (path === '/__sandbox/requests' && method === 'DELETE') {
      log.clear();
      return mapJson(200, { message: 'requests cleared' });
    }
    if (path === '/__sandbox/release' && method === 'POST') return mapJson(200, { message: 'held requests released', released: held.releaseAll() });
    if ((path === '/__sandbox/ui-edit' || path === '/__sandbox/ui-edit-v2') && method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(bodyText) as unknown;
      } catch {
        return errorReply(400, 'body must be JSON: {"uid": "...", "orgId"?: 1, "user"?: "editor", "spec"?: {...}, "message"?: "..."}');
      }
      const request = readUiEditRequest(body, path === '/__sandbox/ui-edit-v2');
      if (typeof request === 'string') return errorReply(400, request);
      const reply = simulateUiEdit(deps, request);
      if (reply.status < 300) deps.changed();
      return reply;
    }
    if (path === '/__sandbox/provision' && method === 'POST') return storeOwned(bodyText, PROVISION_BODY, (body) => deps.provision(body as unknown as ProvisionInput));
    if (path === '/__sandbox/git-sync' && method === 'POST') {
      return storeOwned(bodyText, GIT_SYNC_BODY, (body) => {
        if (typeof body.repository !== 'string' || typeof body.path !== 'string') throw new Error(`body needs "repository" and "path": ${GIT_SYNC_BODY}`);
        if (body.folder !== undefined) {
          if (typeof body.folder !== 'object' || body.folder === null) throw new Error(`"folder" must be an object: ${GIT_SYNC_BODY}`);
          return deps.syncFolderFromRepository(body as unknown as RepositoryFolderInput);
        }
        return deps.syncFromRepository(body as unknown as RepositorySyncInput);
      });
    }
    return undefined;
  };
}

const PROVISION_BODY = '{"dashboard": {...}, "folderUid"?: "...", "orgId"?: 1, "allowUiUpdates"?: false, "externalId"?: "file.json", "providerName"?: "default"}';
const GIT_SYNC_BODY = '{"dashboard": {...}, "repository": "...", "path": "file.json", "folderUid"?: "...", "orgId"?: 1} or {"folder": {"uid"?: "...", "title": "...", "parentUid"?: "..."}, "repository": "...", "path": "dir/", "orgId"?: 1}';

/** A dashboard another tool keeps, stored as that tool would (the sandbox's own test helpers): its uid and version, or 400 naming the problem. */
function storeOwned(bodyText: string, shape: string, store: (body: Record<string, unknown>) => { uid: string; version: number }): Reply {
  let body: unknown;
  try {
    body = JSON.parse(bodyText) as unknown;
  } catch {
    return errorReply(400, `body must be JSON: ${shape}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return errorReply(400, `body must be a JSON object: ${shape}`);
  try {
    return mapJson(200, store(body as Record<string, unknown>));
  } catch (error) {
    return errorReply(400, (error as Error).message);
  }
}
