/**
 * Pure: when two titles are "the same" for Grafana ≤ 11.2, which refuses a second dashboard
 * in a folder whose title has the same slug (grafana-api.md §1.5 step 10, §2.1): lower case,
 * accents dropped, every run of other characters one `-`. So `CPU usage`, `cpu-usage` and
 * `CPU  Usage!` clash. An approximation of Grafana's slugify (its letter table is larger).
 * Titles without a letter or digit get an opaque slug in Grafana: those compare exactly.
 */
export function titleSlugKey(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? `=${title.trim()}` : slug;
}
