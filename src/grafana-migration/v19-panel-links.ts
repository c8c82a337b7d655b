import { asList, boolValue, mapsOf, stringValue, type JsonMap } from './go-values.js';

/**
 * V19 (schemaversion/v19.go upgradePanelLinksInPanel): each of a panel's links (a non-empty list; entries that are not
 * objects dropped) rebuilt as `{url, title}`, plus `targetBlank: true` where the link's is true (the form from PR #110268
 * on: "Frontend filters out targetBlank: false as a default"). Every other key of the link goes.
 */
export function migratePanelLinks(panel: JsonMap): void {
  const links = asList(panel.links);
  if (!links || links.length === 0) return;
  panel.links = mapsOf(links).map(upgradedLink);
}

function upgradedLink(link: JsonMap): JsonMap {
  const result: JsonMap = { url: linkUrl(link), title: stringValue(link, 'title') };
  if (boolValue(link, 'targetBlank')) result.targetBlank = true;
  return result;
}

/** buildPanelLinkURL: the link's own url, else its dashboard's slug or its dashUri, else "/"; then the parameters, "?" before the first, "&" between. */
function linkUrl(link: JsonMap): string {
  const dashboard = stringValue(link, 'dashboard');
  const dashUri = stringValue(link, 'dashUri');
  let url = stringValue(link, 'url') || (dashboard && `dashboard/db/${slugForUrl(dashboard)}`) || (dashUri && `dashboard/${dashUri}`) || '/';
  const params = [boolValue(link, 'keepTime') ? '$__url_time_range' : '', boolValue(link, 'includeVars') ? '$__all_variables' : '', stringValue(link, 'params')].filter((param) => param !== '');
  params.forEach((param, index) => (url += (index === 0 ? '?' : '&') + param));
  return url;
}

/** slugifyForURL: lower case, every run of characters other than a–z, 0–9, `_` and space removed, runs of spaces made "-". */
function slugForUrl(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_ ]+/g, '').replace(/ +/g, '-');
}
