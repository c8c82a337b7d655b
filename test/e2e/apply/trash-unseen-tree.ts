import type { startTestSandbox } from '../../helpers/sandbox.js';

export type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** A folder of two dashboards: the tree the "Recently deleted" hold tests apply, then delete one of in Grafana. */
export const TREE: Record<string, unknown> = {
  'dashsync.config.json': { root: 'dashboards' },
  'dashboards/team/_folder.json': { uid: 'team', title: 'Team' },
  'dashboards/team/cpu.json': { uid: 'cpu', title: 'CPU', panels: [] },
  'dashboards/team/mem.json': { uid: 'mem', title: 'Memory', panels: [] },
};
