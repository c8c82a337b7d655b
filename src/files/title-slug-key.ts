import { transliterate } from './transliterate.js';

/**
 * Pure: when two titles may be "the same" for Grafana ≤ 11.2, which refuses a second dashboard in a folder whose
 * title has the same slug (grafana-api.md §1.5 step 10, §2.1): lower case, accents dropped, every run of other
 * characters one `-`, so `CPU usage`, `cpu-usage` and `CPU  Usage!` match. An approximation of Grafana's slugify, for
 * warnings: Cyrillic and Hebrew are spelled in Latin letters as Grafana spells them (`Kafka (prod)` and `Kafka (прод)`
 * clash, as in Grafana; `Kafka (тест)` stays apart); letters of other scripts are kept as they are. Titles without a
 * letter or digit get an opaque slug in Grafana: those compare exactly.
 */
export function titleSlugKey(title: string): string {
  const slug = transliterate(title.toLowerCase())
    .replace(/[&@üßæœøłđ]/g, (char) => spelledOut[char]!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? `=${title.trim()}` : slug;
}

/** Letters Grafana's table spells with other letters than the one accents leave. */
const spelledOut: Record<string, string> = { '&': 'and', '@': 'at', ü: 'ue', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd' };

/**
 * Pure: titles Grafana ≤ 11.2 refuses for sure as one (equal after its trim and its slug's lower case), whichever of
 * its slug rules it runs: a title equal in this key is equal in every slug.
 */
export function sameTitleKey(title: string): string {
  return title.trim().toLowerCase();
}
