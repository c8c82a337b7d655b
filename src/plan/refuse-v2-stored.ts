import { ConfigError, GrafanaHttpError } from '../errors.js';

const LEGACY_GET = /^\/api\/dashboards\/uid\/([^/?]+)$/;

/**
 * The port's reads, where a `GET /api/dashboards/uid/:uid` answered 406 becomes one line naming
 * the dashboard, its file and the `--api` that reads it: Grafana stores that dashboard in the v2
 * schema, which `/api` cannot read (grafana-api.md §12). Any other failure passes as it is.
 */
export async function* refuseV2Stored<T>(reads: AsyncIterable<T>, fileOf: (uid: string) => string | undefined): AsyncGenerator<T> {
  try {
    yield* reads;
  } catch (error) {
    const uid = error instanceof GrafanaHttpError && error.status === 406 && error.method === 'GET' ? LEGACY_GET.exec(error.path)?.[1] : undefined;
    if (uid === undefined) throw error;
    const name = decodeURIComponent(uid);
    const file = fileOf(name);
    throw new ConfigError(
      [`dashboard ${name}${file ? ` (${file})` : ''} is stored in Grafana as a v2 dashboard, which /api cannot read (Grafana answers 406)`],
      { cli: 'Run with --api auto or k8s (config "api"), which read it through /apis', action: 'Plan and apply with --api auto or k8s in args (or "api" in the config file), which read it through /apis' },
    );
  }
}
