import type { DashboardOwner } from './port.js';

/**
 * The owner rule, in one place: dashsync saves a dashboard someone else manages only when that
 * owner is Grafana's classic file provisioning and lets others save it (allowUiUpdates). A
 * dashboard another tool manages (`grafana.app/managedBy`: a Git Sync repository, Terraform,
 * kubectl, a plugin) is never written, whatever it allows: writing would fight that tool, and
 * Grafana 13.2 refuses a write that changes the manager (403). None is ever deleted: the owner
 * would bring it back, or lose track of it.
 */
export function ownerBlocksUpdates(owner: DashboardOwner | null): boolean {
  if (owner === null) return false;
  return owner.manager !== 'provisioning' || !owner.allowsUpdates;
}

export function ownerBlocksDelete(owner: DashboardOwner | null): boolean {
  return owner !== null;
}

/** `provisioned in Grafana`, `managed by Terraform (id)`: who owns it, for plan's messages. */
export function describeOwner(owner: DashboardOwner): string {
  if (owner.manager === 'provisioning') return 'provisioned in Grafana';
  return describeManager(owner);
}

/**
 * Who keeps a dashboard, in words, by Grafana's manager kinds (`grafana.app/managedBy`; the values are
 * `ManagerKind` in pkg/apimachinery/utils/manager.go): `provisioned from a file`, `synced by Git Sync
 * from repository x`, `managed by Terraform (id)`. With `source`, also where it keeps it: the
 * provisioning file, the file in the repository. Server text: escape the result before printing it.
 */
export function describeManager(owner: DashboardOwner, options: { source?: boolean } = {}): string {
  const id = owner.id ? ` (${owner.id})` : '';
  switch (owner.manager) {
    case 'provisioning':
      return options.source && owner.id ? `provisioned from file ${owner.id}` : 'provisioned from a file';
    case 'repo':
      return `synced by Git Sync from ${options.source && owner.source ? `${owner.source} in ` : ''}${owner.id ? `repository ${owner.id}` : 'a repository'}`;
    case 'terraform':
      return `managed by Terraform${id}`;
    case 'kubectl':
      return `managed by kubectl${id}`;
    case 'plugin':
      return owner.id ? `provided by plugin ${owner.id}` : 'provided by a plugin';
    case 'grafana':
      return 'managed by Grafana itself';
    default:
      return `managed by "${owner.manager}"${id}`;
  }
}

/**
 * The second source of a dashboard dashsync does write: classic file provisioning with allowUiUpdates, whose
 * provisioner saves the file's version over it again when that file changes. Null for any other owner.
 * Server text: escape the result before printing it.
 */
export function describeSecondSource(owner: DashboardOwner | null): string | null {
  if (owner === null || ownerBlocksUpdates(owner)) return null;
  const file = owner.id ? `file ${owner.id}` : 'a file';
  return `also provisioned from ${file} (allowUiUpdates): Grafana overwrites changes made here when that file changes`;
}

/**
 * The label of a warning about a dashboard another owner keeps: `provisioned` for file provisioning,
 * else the tool (`managed by Terraform`, `synced by Git Sync`), `managed elsewhere` for a kind dashsync does not know.
 */
export function ownerLabel(owner: Pick<DashboardOwner, 'manager'>): string {
  switch (owner.manager) {
    case 'provisioning':
      return 'provisioned';
    case 'repo':
      return 'synced by Git Sync';
    case 'terraform':
      return 'managed by Terraform';
    case 'kubectl':
      return 'managed by kubectl';
    case 'plugin':
      return 'provided by a plugin';
    case 'grafana':
      return 'managed by Grafana';
    default:
      return 'managed elsewhere';
  }
}

/** The owner's kind in a count (`Terraform 2, file provisioning 1`). */
export function ownerKindName(owner: Pick<DashboardOwner, 'manager'>): string {
  const names: Record<string, string> = { provisioning: 'file provisioning', repo: 'Git Sync', terraform: 'Terraform', kubectl: 'kubectl', plugin: 'plugins', grafana: 'Grafana' };
  return names[owner.manager] ?? owner.manager;
}

/** Why prune leaves an owned dashboard, in the words of the warning and the skip. */
export function describeDeleteRefusal(owner: DashboardOwner): string {
  const rule = owner.manager === 'provisioning' ? 'prune never deletes provisioned dashboards' : 'prune never deletes dashboards another tool manages';
  return `${describeOwner(owner)}; ${rule}`;
}
