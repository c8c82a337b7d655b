import { asMap, mapsOf, type JsonMap } from './go-values.js';

const V20_NAMES: Readonly<Record<string, string>> = {
  __series_name: '__series.name',
  $__series_name: '${__series.name}',
  __value_time: '__value.time',
  __field_name: '__field.name',
  $__field_name: '${__field.name}',
};

/**
 * V20 (schemaversion/v20.go): the old data-link variable names in a panel's `options.dataLinks[].url` and
 * `options.fieldOptions.defaults` (`title`, `links[].url`) in the dotted syntax (updateVariablesSyntax).
 */
export function migrateDataLinkVariables(panel: JsonMap): void {
  rewriteLinkTexts(panel, true, (text) => text.replace(/\$?__series_name|__value_time|\$?__field_name/g, (name) => V20_NAMES[name] ?? name));
}

/** V21 (schemaversion/v21.go): `__series.labels` → `__field.labels` in the same data links' urls (not the title). */
export function migrateSeriesLabelLinks(panel: JsonMap): void {
  rewriteLinkTexts(panel, false, (text) => text.replaceAll('__series.labels', '__field.labels'));
}

function rewriteLinkTexts(panel: JsonMap, withTitle: boolean, rewrite: (text: string) => string): void {
  const options = asMap(panel.options);
  if (!options) return;
  rewriteUrls(options.dataLinks, rewrite);
  const defaults = asMap(asMap(options.fieldOptions)?.defaults);
  if (!defaults) return;
  if (withTitle && typeof defaults.title === 'string') defaults.title = rewrite(defaults.title);
  rewriteUrls(defaults.links, rewrite);
}

function rewriteUrls(links: unknown, rewrite: (text: string) => string): void {
  for (const link of mapsOf(links)) if (typeof link.url === 'string') link.url = rewrite(link.url);
}
