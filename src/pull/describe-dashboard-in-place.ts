import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardInPlace } from './hold-out-unselected-targets.js';

/**
 * Pure: the note of a dashboard (or library panel) whose live folder's directory this run's selection leaves out (holdOutUnselectedTargets):
 * its file keeps its place and takes Grafana's content; the folder is not followed. `left`: the pull left the file as it is (a
 * change not applied yet, or both changed), so it keeps its own content too, as its line says. `display`: a root-relative path as shown.
 */
export function describeDashboardInPlace(kept: DashboardInPlace, display: (rel: string) => string, left = false): string {
  const panel = kept.resource === 'library-panel';
  // A library panel's folder is that of the directory holding its `_library/`.
  const home = panel ? kept.file.split('/').slice(0, -2).join('/') : kept.file.split('/').slice(0, -1).join('/');
  const back = home === '' ? 'General' : `the folder of ${panel ? "the directory holding that file's _library/" : "that file's directory"}`;
  const folder = kept.folder === undefined ? 'a folder' : `folder ${quoteText(kept.folder.title)} (${kept.folder.uid})`;
  return (
    `${panel ? 'library panel ' : ''}${kept.uid} ${quoteText(kept.title)} is in ${folder} in Grafana, whose directory ${display(kept.liveDir)} is not this run's (a file there ${kept.why}): ` +
    `not moved; ${display(kept.file)} keeps its place ${left ? 'and its own content (its line says why)' : "and takes Grafana's content"}, and the next apply puts the ${panel ? 'panel' : 'dashboard'} back in ${back}`
  );
}
