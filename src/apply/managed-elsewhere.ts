import { GrafanaHttpError } from '../errors.js';

/**
 * Why Grafana refused a write because another tool manages the dashboard or its folder, in words, from its answer; null
 * for any other refusal. Through `/api` on 12 and 13 such a write is refused by the apiserver's manager rules
 * (pkg/storage/unified/apistore/managed.go) or by 13's handler, which calls every managed dashboard "provisioned"; nothing
 * dashsync or its credentials do changes that, so running again never finishes it. Server text: escape before printing.
 */
export function describeManagedElsewhere(error: unknown): string | null {
  if (!(error instanceof GrafanaHttpError)) return null;
  const message = error.grafanaMessage;
  const folder = /^folder is managed by repo:(\S+), but the resource is not managed/.exec(message);
  if (folder) return `its folder is synced by Git Sync from repository ${folder[1]}, which takes in that folder only what the repository holds: give the file a directory of its own, or add it to that repository`;
  if (message === 'this repository is read only' || message === 'Can not remove resource manager from resource') {
    return 'Git Sync keeps this dashboard in a repository (grafana.app/managedBy: repo): change it there, or remove its file here';
  }
  if (message === 'Cannot save provisioned dashboard') {
    return 'another tool manages this dashboard (Terraform, Git Sync, kubectl, a plugin or file provisioning; Grafana calls them all provisioned): change it through that tool, or remove its file here';
  }
  return null;
}
