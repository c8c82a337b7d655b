/**
 * Pure: whether a plan's target or a backup's source names the Grafana this run talks to. The
 * shown URL has the secrets of the run that wrote it redacted (two Grafanas under different
 * secret paths both read `https://gw/[redacted]`), so the digests decide when the record has one;
 * a record written before digests were kept is compared by its shown URL, as then.
 */
export function sameGrafana(recorded: { url: string; urlSha256?: string }, here: { url: string; urlSha256: string }): boolean {
  if (typeof recorded.urlSha256 === 'string') return recorded.urlSha256 === here.urlSha256;
  return stripSlash(recorded.url) === stripSlash(here.url);
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
