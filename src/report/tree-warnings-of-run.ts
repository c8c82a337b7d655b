import pc from 'picocolors';
import type { Plan, PlanWarning } from '../plan/types.js';
import { describeWarningGroups } from './describe-warning-groups.js';
import { escapeMarkdown, escapeText } from './escape-untrusted.js';
import { joinAnd } from './join-and.js';
import { LINES_PER_GROUP } from './limit-per-group.js';

/**
 * Pure: a warning about the tree or the config file, not about one environment's Grafana: a finding of the files a plan
 * repeats (`rule`: a glob that matches nothing, a file no environment selects, a look-alike file, a datasource literal
 * that is one environment's, …) or a name not in NFC. Every plan of a run over the same tree says it alike.
 */
function isTreeWarning(warning: PlanWarning): boolean {
  return (warning.kind === 'other' && warning.rule !== undefined) || warning.kind === 'name-not-nfc';
}

/** What a run over several environments prints of the tree warnings, once, after the plans (text and markdown; JSON keeps them per plan). */
interface TreeWarningsOfRun {
  /** The plan to print, without its tree warnings, which are kept (with its environment) for `render`. */
  setApart(plan: Plan): Plan;
  /** Each kept warning once, under the environments whose plans hold it; '' when there is none. */
  render(format: 'text' | 'markdown', options: { color: boolean; verbose?: boolean }): string;
}

export function treeWarningsOfRun(): TreeWarningsOfRun {
  const kept = new Map<string, { warning: PlanWarning; environments: string[] }>();
  return {
    setApart(plan) {
      const environment = plan.target.environment ?? '';
      for (const warning of plan.warnings.filter(isTreeWarning)) {
        const key = JSON.stringify(warning);
        const seen = kept.get(key);
        if (seen === undefined) kept.set(key, { warning, environments: [environment] });
        else if (!seen.environments.includes(environment)) seen.environments.push(environment);
      }
      return { ...plan, warnings: plan.warnings.filter((warning) => !isTreeWarning(warning)) };
    },
    render(format, options) {
      if (kept.size === 0) return '';
      // Warnings of the same environments together, in the order the first of each came.
      const groups = new Map<string, { environments: string[]; warnings: PlanWarning[] }>();
      for (const { warning, environments } of kept.values()) {
        const key = environments.join('\u0000');
        const group = groups.get(key) ?? { environments, warnings: [] };
        group.warnings.push(warning);
        groups.set(key, group);
      }
      const shown = [...groups.values()].map(({ environments, warnings }) => ({
        whose: `${environments.length === 1 ? 'environment' : 'environments'} ${joinAnd(environments)}`,
        sentences: describeWarningGroups(warnings, {
          linesPerGroup: options.verbose ? undefined : LINES_PER_GROUP,
          listsAll: format === 'text' ? 'dashsync plan --verbose lists every one, --format json holds them all' : 'dashsync plan --format json lists every one',
        }).warnings,
      }));
      return format === 'text' ? renderText(shown, options.color) : renderMarkdown(shown);
    },
  };
}

type ShownGroup = { whose: string; sentences: string[] };

function renderText(groups: ShownGroup[], color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  for (const { whose, sentences } of groups) {
    lines.push(c.bold(escapeText(`Warnings about the tree and the config, in the plans of ${whose}:`)));
    for (const sentence of sentences) lines.push(c.magenta(`  ! ${escapeText(sentence)}`));
  }
  return `${lines.join('\n')}\n`;
}

function renderMarkdown(groups: ShownGroup[]): string {
  const out = ['## dashsync plan · the tree and the config', ''];
  for (const { whose, sentences } of groups) {
    out.push('> [!WARNING]', `> In the plans of ${escapeMarkdown(whose)}:`);
    for (const sentence of sentences) out.push(`> - ${escapeMarkdown(sentence)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
