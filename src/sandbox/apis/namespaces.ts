/**
 * Namespaces (pkg/services/apiserver/endpoints/request/namespace.go, authlib types/namespace.go):
 * org 1 is `default`, org N is `org-N`. Cloud's `stacks-<id>` is not emulated.
 */
export function namespaceForOrg(orgId: number): string {
  return orgId === 1 ? 'default' : `org-${orgId}`;
}

/** The org a namespace names; undefined when it names none (`org-0`, `stacks-1`, `foo`). */
export function orgForNamespace(namespace: string): number | undefined {
  if (namespace === 'default') return 1;
  const match = /^org-(\d+)$/.exec(namespace);
  if (!match) return undefined;
  const orgId = Number(match[1]);
  return orgId >= 1 ? orgId : undefined;
}
