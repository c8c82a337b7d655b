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

/** Grafana's manager kinds (`grafana.app/managedBy`) in words. */
const MANAGERS: Record<string, string> = {
  repo: 'a Git Sync repository',
  terraform: 'Terraform',
  kubectl: 'kubectl',
  plugin: 'a plugin',
};

/** `provisioned in Grafana from a file`, `managed by Terraform (id)`: who owns it, for messages. */
export function describeOwner(owner: DashboardOwner): string {
  if (owner.manager === 'provisioning') return 'provisioned in Grafana';
  return `managed by ${MANAGERS[owner.manager] ?? owner.manager}${owner.id ? ` (${owner.id})` : ''}`;
}

/** Why prune leaves an owned dashboard, in the words of the warning and the skip. */
export function describeDeleteRefusal(owner: DashboardOwner): string {
  const rule = owner.manager === 'provisioning' ? 'prune never deletes provisioned dashboards' : 'prune never deletes dashboards another tool manages';
  return `${describeOwner(owner)}; ${rule}`;
}
