import { randomInt } from 'node:crypto';
import type { Identity } from './authenticate.js';
import { mapJson, type Reply } from './http/reply.js';
import type { OrgRole } from './types.js';

/** An RBAC route check: the actions any one of which lets the caller in, and the lowest role that has them. */
export interface Requirement {
  anyOf: string[];
  minRole: OrgRole;
  /**
   * The route evaluates the action unscoped (or resolved through the folder), so a folder Edit grant lets the caller
   * in whatever its role, and the handler's folder check decides (acimpl: an unscoped permission matches any scope).
   */
  folderGrantSuffices?: true;
}

const rank: Record<OrgRole | 'None', number> = { None: 0, Viewer: 1, Editor: 2, Admin: 3 };

export const canRead = (action: string): Requirement => ({ anyOf: [action], minRole: 'Viewer' });
export const editorAction = (...anyOf: string[]): Requirement => ({ anyOf, minRole: 'Editor' });
export const adminAction = (...anyOf: string[]): Requirement => ({ anyOf, minRole: 'Admin' });
/** An Editor action that Edit on any one folder grants too (the folder's managed permission carries it). */
export const folderWriteAction = (...anyOf: string[]): Requirement => ({ anyOf, minRole: 'Editor', folderGrantSuffices: true });

export function hasRole(identity: Identity, role: OrgRole): boolean {
  return rank[identity.role] >= rank[role];
}

/** undefined when allowed; otherwise the RBAC middleware's 403 (grafana-api.md §7.3). */
export function authorize(identity: Identity, requirement: Requirement, writesSomeFolder: () => boolean): Reply | undefined {
  if (hasRole(identity, requirement.minRole)) return undefined;
  if (requirement.folderGrantSuffices && writesSomeFolder()) return undefined;
  return rbacDenied(requirement.anyOf);
}

/** The RBAC middleware's 403 body; one action prints bare, several as `any of a, b`. */
export function rbacDenied(anyOf: string[]): Reply {
  const needed = anyOf.length === 1 ? anyOf[0] : `any of ${anyOf.join(', ')}`;
  return mapJson(403, {
    title: 'Access denied',
    message: `You'll need additional permissions to perform this action. Permissions needed: ${needed}`,
    accessErrorId: `ACE${String(randomInt(0, 1e10)).padStart(10, '0')}`,
  });
}
