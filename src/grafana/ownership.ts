import type { DashboardOwner } from './port.js';

/**
 * The owner rule, in one place: dashsync saves a dashboard someone else manages only when
 * that owner lets others save it (provisioning with allowUiUpdates), and never deletes one:
 * the owner would bring it back, or lose track of it.
 */
export function ownerBlocksUpdates(owner: DashboardOwner | null): boolean {
  return owner !== null && !owner.allowsUpdates;
}

export function ownerBlocksDelete(owner: DashboardOwner | null): boolean {
  return owner !== null;
}

/** `provisioned in Grafana from a file`, `managed by terraform (id)`: who owns it, for messages. */
export function describeOwner(owner: DashboardOwner): string {
  if (owner.manager === 'provisioning') return 'provisioned in Grafana';
  return `managed by ${owner.manager}${owner.id ? ` (${owner.id})` : ''}`;
}

/** Why prune leaves an owned dashboard, in the words of the warning and the skip. */
export function describeDeleteRefusal(owner: DashboardOwner): string {
  const rule = owner.manager === 'provisioning' ? 'prune never deletes provisioned dashboards' : 'prune never deletes dashboards another tool manages';
  return `${describeOwner(owner)}; ${rule}`;
}
