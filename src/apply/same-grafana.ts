import { urlSha256 } from '../config/url-sha256.js';

/**
 * Pure: whether a plan's target or a backup's source names the Grafana this run talks to. The
 * shown URL has the secrets of the run that wrote it redacted (two Grafanas under different
 * secret paths both read `https://gw/[redacted]`), so the digests decide when the record has one.
 * A record written before digests were kept is compared by its URL: one written before URLs were
 * redacted holds it as sent, secret and all, and matches when it is this run's URL as sent (its
 * digest is this run's); a later one matches this run's URL as shown.
 */
export function sameGrafana(recorded: { url: string; urlSha256?: string }, here: { url: string; urlSha256: string }): boolean {
  if (typeof recorded.urlSha256 === 'string') return recorded.urlSha256 === here.urlSha256;
  return urlSha256(recorded.url) === here.urlSha256 || stripSlash(recorded.url) === stripSlash(here.url);
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
