// What a run's sandbox request log says of the GETs it sent twice (scripts/measure-*-requests.mjs).

/** A request's kind: method and path with names left out. */
function kindOf({ method, path, accept }) {
  const [route, query] = decodeURIComponent(path).split('?');
  const shaped = route.replace(/\/uid\/[^/]+/, '/uid/:uid').replace(/\/(dashboards|folders)\/(?!uid\/)[^/]+/, '/$1/:name').replace(/\/versions\/\d+$/, '/versions/:n');
  const history = query?.includes('get-history=true') ? ' (history)' : '';
  return `${method} ${shaped}${query === undefined ? '' : '?…'}${history}${accept?.includes('as=PartialObjectMetadata') ? ' (metadata)' : ''}`;
}

/** GETs of a path (and Accept) an earlier request of the same run asked for already in the same org, by kind. */
export function repeatsOf(log) {
  const seen = new Set();
  const repeats = new Map();
  for (const entry of log) {
    if (entry.method !== 'GET') continue;
    const key = `${entry.orgId} ${entry.path} ${entry.accept ?? ''}`;
    if (seen.has(key)) repeats.set(kindOf(entry), (repeats.get(kindOf(entry)) ?? 0) + 1);
    seen.add(key);
  }
  return repeats;
}

/** How many GETs repeated, in all. */
export const totalRepeats = (repeats) => [...repeats.values()].reduce((x, y) => x + y, 0);
