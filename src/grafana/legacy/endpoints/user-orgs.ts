import type { GrafanaRequester } from '../../http/request.js';

/** One org of the signed-in user, and the user's role there (`Admin`, `Editor`, `Viewer`, `None`). */
export interface UserOrg {
  orgId: number;
  role: string;
}

/** GET /api/user/orgs: the orgs the signed-in user belongs to, each with the user's role. */
export async function fetchUserOrgs(http: GrafanaRequester): Promise<UserOrg[]> {
  const orgs = await http.send('GET', '/api/user/orgs');
  if (!Array.isArray(orgs)) return [];
  return orgs.flatMap((org: unknown) => {
    if (typeof org !== 'object' || org === null) return [];
    const { orgId, role } = org as { orgId?: unknown; role?: unknown };
    return typeof orgId === 'number' ? [{ orgId, role: typeof role === 'string' ? role : '' }] : [];
  });
}
