import type { DashboardAction } from '../plan/types.js';
import { describeSaver } from './describe-saver.js';

/** `made in Grafana, never pushed by dashsync: last saved by alice at 2026-…`: whose a prune delete is (markMadeInGrafana). Server text: escape before printing. */
export function describeMadeInGrafana(made: NonNullable<DashboardAction['madeInGrafana']>): string {
  return `made in Grafana, never pushed by dashsync: last saved by ${describeSaver(made.by)}${made.at ? ` at ${made.at}` : ''}`;
}
