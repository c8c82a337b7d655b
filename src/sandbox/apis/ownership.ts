import type { Identity } from '../authenticate.js';
import type { Reply } from '../http/reply.js';
import { badRequest, plainForbidden } from './k8s-status.js';

/**
 * Manager rules of unified storage (pkg/storage/unified/apistore/managed.go). Grafana enforces only these on /apis:
 * a `repo` manager routes writes to its repository (read-only here: 400), and from 13.1 a write may not
 * change the manager's kind or identity. `managerAllowsEdits=false` is not enforced by the storage (a TODO there);
 * the UI and era-D `/api` saves respect it (see the UI-edit control endpoint and save-dashboard-k8s.ts).
 */
export interface Manager {
  kind: string;
  identity: string;
  allowsEdits: boolean;
}

export function managerOf(annotations: Record<string, string>): Manager | undefined {
  const kind = annotations['grafana.app/managedBy'] ?? '';
  if (kind === '') return undefined;
  return { kind, identity: annotations['grafana.app/managerId'] ?? '', allowsEdits: annotations['grafana.app/managerAllowsEdits'] === 'true' };
}

/**
 * What a write Grafana routes to a repository gets from a read-only one: `handleManagedResourceRouting` (managed.go)
 * sends it to `provisioning.grafana.app/v0alpha1 …/repositories/<id>/files/<sourcePath>` (POST, PUT, DELETE), whose
 * `repository.IsWriteAllowed` (apps/provisioning/pkg/repository) refuses a Repository without workflows with
 * `apierrors.NewBadRequest("this repository is read only")`, passed back as the write's own answer. The sandbox keeps
 * no repository configuration and commits nothing, so every repository is read-only.
 */
export const REPOSITORY_READ_ONLY = 'this repository is read only';

const repoManaged = (): Reply => badRequest(REPOSITORY_READ_ONLY);

/** enforceManagerProperties: only a repository's own client may write a `repo`-managed object. */
export function checkManagerWrite(manager: Manager | undefined): Reply | undefined {
  return manager?.kind === 'repo' ? repoManaged() : undefined;
}

/** checkManagerPropertiesOnUpdateSpec: the form of PRs #120521 and #122719 when `lockIdentity` (13.1 on: era.apis.lockManagerIdentity), the 12-era rules otherwise. */
export function checkManagerUpdate(identity: Identity, next: Manager | undefined, previous: Manager | undefined, lockIdentity: boolean): Reply | undefined {
  if (!next && !previous) return undefined;
  if (!next && previous) {
    if (previous.kind !== 'repo') return undefined;
    if (lockIdentity && (identity.isGrafanaAdmin || identity.role === 'Admin')) return undefined;
    return plainForbidden('Can not remove resource manager from resource');
  }
  if (lockIdentity && next && previous) {
    if (next.kind !== previous.kind) {
      return plainForbidden('Cannot change resource manager kind; remove the existing manager first, then add the new one');
    }
    if (next.kind !== 'terraform' && next.identity !== previous.identity) {
      return plainForbidden('Cannot change resource manager identity; remove the existing manager first, then add the new one');
    }
    if (next.kind === 'terraform' && next.identity !== previous.identity && !isTerraformUserAgent(previous.identity)) {
      return plainForbidden(
        isTerraformUserAgent(next.identity)
          ? 'Cannot change Terraform manager ID back to User-Agent format; stable custom IDs are immutable'
          : 'Cannot change Terraform manager ID; stable custom IDs are immutable',
      );
    }
  }
  return checkManagerWrite(next);
}

export function sameManager(a: Manager | undefined, b: Manager | undefined): boolean {
  return a?.kind === b?.kind && a?.identity === b?.identity && a?.allowsEdits === b?.allowsEdits;
}

/** The deprecated Terraform manager id: the provider's User-Agent (managed.go terraformUserAgentPattern). */
function isTerraformUserAgent(identity: string): boolean {
  return /^Terraform\/\S+ \(\+https:\/\/www\.terraform\.io\) terraform-provider-[^/]+\/.+$/.test(identity);
}
