import { createHash } from 'node:crypto';

/**
 * `sha256:<hex>` of a Grafana base URL as sent (no trailing slash): what plans and backups record
 * beside the URL they show, which has the run's secrets redacted and so cannot tell apart two
 * Grafanas served under different secret paths. Compared as is; never printed.
 */
export function urlSha256(baseUrl: string): string {
  return `sha256:${createHash('sha256').update(baseUrl.replace(/\/+$/, '')).digest('hex')}`;
}
