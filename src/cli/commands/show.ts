import type { PlanFormat } from '../../report/render-plan.js';
import type { DashsyncCommand } from '../define-command.js';
import { SHOW_OPTIONS } from '../options.js';

export interface ShowArgs {
  plan?: string;
  format: PlanFormat;
  env?: string[];
  verbose?: boolean;
  color?: boolean;
}

const DESCRIBE = 'Print a saved plan (dashsync plan --out) as plan printed it, offline: no Grafana, no credentials; a plan directory shows each <env>.plan.json';

export const showCommand: DashsyncCommand<ShowArgs> = {
  // Optional for yargs, so that none given gets our one usage line rather than its count of arguments.
  command: 'show [plan]',
  listedAs: 'show <plan>',
  describe: DESCRIBE,
  builder: (yargs) =>
    yargs
      .usage(`dashsync show <plan>\n\n${DESCRIBE}`)
      .positional('plan', { type: 'string', describe: 'Plan file written by dashsync plan --out, or the directory of several environments\' plans' })
      .options(SHOW_OPTIONS) as never,
  run: async (args, io) => (await import('./run-show.js')).runShow(args, io),
};
