import type { DashboardAction } from '../plan/types.js';

type LeftOutDirectory = NonNullable<DashboardAction['leftOutDirectory']>;
type LiveDirectoryLeftOut = NonNullable<DashboardAction['liveDirectoryLeftOut']>;

/** How a format shows the directory (markdown: inline code) and the rest of the words (markdown: escaped). */
interface Shown {
  dir: (dir: string) => string;
  text: (text: string) => string;
}

const AS_IS: Shown = { dir: (dir) => dir, text: (text) => text };

/**
 * Pure: why prune deletes a dashboard in the folder of a directory this run's selection leaves out, in the words of every
 * format that shows the delete (the text plan's line, the markdown row): `its folder is that of dashboards/experiments, which
 * environment "prod"'s exclude in dashsync.config.json leaves out: prune keeps the folder and deletes what no file holds in it`.
 */
export function describeLeftOutDirectory({ dir, lists }: LeftOutDirectory, shown: Shown = AS_IS): string {
  return `${shown.text('its folder is that of ')}${shown.dir(dir)}${shown.text(`, which ${lists} leaves out: prune keeps the folder and deletes what no file holds in it`)}`;
}


/**
 * Pure: why a move takes a dashboard or library panel out of the folder Grafana has it in, where that folder's directory is one
 * this run's selection leaves out (the action's liveDirectoryLeftOut: another environment's, docs/environments.md), in the
 * words of every format that shows the move (the text plan's line, the markdown row, a library panel's too): `its folder in
 * Grafana is that of dashboards/sre, which environment "prod"'s exclude in dashsync.config.json leaves out: the file's
 * directory decides its folder`.
 */
export function describeLiveDirectoryLeftOut({ dir, lists }: Pick<LiveDirectoryLeftOut, 'dir' | 'lists'>, shown: Shown = AS_IS): string {
  return `${shown.text('its folder in Grafana is that of ')}${shown.dir(dir)}${shown.text(`, which ${lists} leaves out: the file's directory decides its folder`)}`;
}
