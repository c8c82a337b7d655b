import { GrafanaHttpError, RequestInterruptedError } from '../../errors.js';
import { fetchDisplay, type IdentityDisplay } from './endpoints/display.js';
import type { K8sContext } from './k8s-context.js';

/** Keys per display request: Grafana's query returns at most 500 rows, and the URL stays short. */
const KEYS_PER_REQUEST = 100;

/**
 * The names people know the authors of `/apis` saves by. Grafana records a typed identity in
 * `grafana.app/updatedBy` (`user:<uid>`, `service-account:<uid>`); its own UI names them through
 * the iam display list, which any member of the org may read (users/<uid> needs org.users:read,
 * which Editors lack). Each identity is asked once per port, up to 100 in one request. One Grafana
 * does not name (no longer in the org, a type it does not resolve, the route not served, a
 * refusal or failure) is left out of the answer: the caller shows it as it is.
 */
export function createSaverNamer(context: K8sContext): (refs: readonly string[]) => Promise<Map<string, string>> {
  const asked = new Map<string, Promise<string | null>>();
  return async (refs) => {
    const wanted = [...new Set(refs)].filter((ref) => ref !== '');
    const fresh = wanted.filter((ref) => !asked.has(ref));
    for (let start = 0; start < fresh.length; start += KEYS_PER_REQUEST) {
      const keys = fresh.slice(start, start + KEYS_PER_REQUEST);
      const answer = lookUp(context, keys);
      for (const key of keys) asked.set(key, answer.then((found) => found.get(key) ?? null));
    }
    const names = new Map<string, string>();
    for (const ref of wanted) {
      const name = await asked.get(ref)!;
      if (name) names.set(ref, name);
    }
    return names;
  };
}

async function lookUp(context: K8sContext, keys: string[]): Promise<Map<string, string>> {
  let entries: IdentityDisplay[];
  try {
    entries = await fetchDisplay(context.http, await context.namespace(), keys);
  } catch (error) {
    if (error instanceof GrafanaHttpError && !(error instanceof RequestInterruptedError)) return new Map();
    throw error;
  }
  const found = new Map<string, string>();
  for (const key of keys) {
    const entry = entries.find((candidate) => answers(candidate, key));
    if (entry && entry.displayName !== '') found.set(key, entry.displayName);
  }
  return found;
}

/**
 * Whether a display entry answers `key`, as Grafana's handler matches them (keySatisfiedByItems):
 * the key's type when it names one, then its uid, its numeric id (not 0), or any entry of that
 * type for a key without a name (`anonymous:`). One exception: a `user:` key also takes a
 * `service-account` entry. Legacy storage writes every saver of the user table as a user, service
 * accounts included (dashboards `user:<uid>`, folders `user:<id>`), while the display list answers
 * that row as a service account; uids and ids are unique across the table, so it is the same row.
 */
function answers(entry: IdentityDisplay, key: string): boolean {
  const colon = key.indexOf(':');
  const type = colon > 0 ? key.slice(0, colon) : null;
  const name = colon > 0 ? key.slice(colon + 1) : key;
  if (type !== null && entry.type !== type && !(type === 'user' && entry.type === 'service-account')) return false;
  if (name === '' || entry.name === name) return true;
  return /^\d+$/.test(name) && Number(name) !== 0 && entry.internalId === Number(name);
}
