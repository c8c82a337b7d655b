import { DASHSYNC_VERSION } from '../version.js';

/** `dashsync/<version>`: lets Grafana operators see which requests came from dashsync. */
export function defaultUserAgent(): string {
  return `dashsync/${DASHSYNC_VERSION}`;
}
