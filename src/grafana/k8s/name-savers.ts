import { isUninterruptedFailure } from '../../errors.js';
import { fetchDisplay, type IdentityDisplay } from './endpoints/display.js';
import type { K8sContext } from './k8s-context.js';

/** Keys per display request: Grafana's query returns at most 500 rows, and the URL stays short. */
const KEYS_PER_REQUEST = 100;

/**
 * The names people know the authors of `/apis` saves by. Grafana records a typed identity in
 * `grafana.app/updatedBy` (`user:<uid>`, `service-account:<uid>`); its own UI names them through
 * the iam display list, which any member of the org may read (users/<uid> needs org.users:read,
 * which Editors lack). One Grafana does not name (no longer in the org, a type it does not resolve,
 * the route not served, a refusal or failure) is left out of the answer: the caller shows it as it is.
 */
export function createSaverNamer(lookUpDisplay: DisplayLookup): (refs: readonly string[]) => Promise<Map<string, string>> {
  return async (refs) => {
    const names = new Map<string, string>();
    for (const [ref, entry] of await lookUpDisplay(refs)) if (entry.displayName !== '') names.set(ref, entry.displayName);
    return names;
  };
}

/**
 * GrafanaPort.internalIdsOf on `/apis`: the user table's ids of identities named by uid (a content note's `by <uid>`), from
 * the same display list (its `internalId`). The uid is asked as a `user:` key, which also takes a service account's row.
 */
export function createInternalIdReader(lookUpDisplay: DisplayLookup): (uids: readonly string[]) => Promise<Map<string, number>> {
  return async (uids) => {
    const ids = new Map<string, number>();
    const found = await lookUpDisplay(uids.map((uid) => `user:${uid}`));
    for (const uid of uids) {
      const id = found.get(`user:${uid}`)?.internalId ?? 0;
      if (id > 0) ids.set(uid, id);
    }
    return ids;
  };
}

/** The display list's entry for each typed identity Grafana names (the others left out). */
export type DisplayLookup = (refs: readonly string[]) => Promise<Map<string, IdentityDisplay>>;

/** Asks the display list for each identity once per port, up to 100 in one request. */
export function createDisplayLookup(context: K8sContext): DisplayLookup {
  const asked = new Map<string, Promise<IdentityDisplay | null>>();
  return async (refs) => {
    const wanted = [...new Set(refs)].filter((ref) => ref !== '');
    const fresh = wanted.filter((ref) => !asked.has(ref));
    for (let start = 0; start < fresh.length; start += KEYS_PER_REQUEST) {
      const keys = fresh.slice(start, start + KEYS_PER_REQUEST);
      const answer = lookUp(context, keys);
      for (const key of keys) asked.set(key, answer.then((found) => found.get(key) ?? null));
    }
    const entries = new Map<string, IdentityDisplay>();
    for (const ref of wanted) {
      const entry = await asked.get(ref)!;
      if (entry) entries.set(ref, entry);
    }
    return entries;
  };
}

async function lookUp(context: K8sContext, keys: string[]): Promise<Map<string, IdentityDisplay>> {
  let entries: IdentityDisplay[];
  try {
    entries = await fetchDisplay(context.http, await context.namespace(), keys);
  } catch (error) {
    if (isUninterruptedFailure(error)) return new Map();
    throw error;
  }
  const found = new Map<string, IdentityDisplay>();
  for (const key of keys) {
    const entry = entries.find((candidate) => answers(candidate, key));
    if (entry) found.set(key, entry);
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
