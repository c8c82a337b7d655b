import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** `dashsync/<version>` from our package.json (src/grafana and dist/grafana both sit two levels below it). */
export function defaultUserAgent(): string {
  if (cached === undefined) {
    let version = 'dev';
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'dashsync' && typeof pkg.version === 'string') version = pkg.version;
    } catch {
      // Bundled (the Action): no package.json next to us; the name alone still identifies the client.
    }
    cached = `dashsync/${version}`;
  }
  return cached;
}
