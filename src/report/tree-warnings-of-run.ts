import pc from 'picocolors';
import { FOLDER_DRIFT } from '../plan/find-folder-drift.js';
import { isFolderTakeover } from '../plan/find-folder-takeovers.js';
import type { Plan, PlanWarning } from '../plan/types.js';
import { describeWarningGroups } from './describe-warning-groups.js';
import { escapeMarkdown, escapeText } from './escape-untrusted.js';
import { joinAnd } from './join-and.js';
import { LINES_PER_GROUP } from './limit-per-group.js';
import { renderNextCommand, type RunSelection } from './next-command.js';

type TreeWarning = Extract<PlanWarning, { kind: 'other' | 'name-not-nfc' }>;

/**
 * Pure: a warning about the tree or the config file, not about one environment's Grafana: a finding of the files a plan
 * repeats (`rule`: a glob that matches nothing, a file no environment selects, a look-alike file, a datasource literal
 * that is one environment's, …) or a name not in NFC. Every plan of a run over the same tree says it alike. Not a folder's drift
 * or takeover (walk-65 M1): a rename or move made in one environment's Grafana, a folder made there, is that plan's own warning.
 */
function isTreeWarning(warning: PlanWarning): warning is TreeWarning {
  return (warning.kind === 'other' && warning.rule !== undefined && warning.rule !== FOLDER_DRIFT && !isFolderTakeover(warning)) || warning.kind === 'name-not-nfc';
}

/**
 * Pure: what a tree warning is about, whichever environment's plan holds it: its kind, rule, file or path, files, and
 * message, with the name of the plan's own environment masked where the message names it as a place of the config
 * (`environment "b"'s include in …`: one glob in each environment's own list), and so the line:col of that place. Built
 * field by field: a copy whose fields come in another order (a plan file) is the same warning.
 */
function identityOf(warning: TreeWarning, environment: string): string {
  const at = environment !== '' && warning.kind === 'other' && warning.line !== undefined ? { file: warning.file, prefix: `${warning.file}:${warning.line}:${warning.col}: ` } : undefined;
  const placed = at !== undefined && warning.message.startsWith(at.prefix) ? `${at.file}: ${warning.message.slice(at.prefix.length)}` : warning.message;
  const message = environment === '' ? placed : placed.split(`environment "${environment}"`).join('environment "…"');
  return JSON.stringify(warning.kind === 'other' ? ['other', warning.rule, warning.file, warning.files, message] : [warning.kind, warning.path, message]);
}

/** Pure: a tree warning's own wording, field by field (identityOf without the masking). */
function wordingOf(warning: TreeWarning): string {
  return identityOf(warning, '');
}

/** What a run over several environments prints of the tree warnings, once, after the plans (text and markdown; JSON keeps them per plan). */
interface TreeWarningsOfRun {
  /** The plan to print, without its tree warnings, which are kept (with its environment) for `render`. */
  setApart(plan: Plan): Plan;
  /**
   * Each kept warning once, under the environments whose plans hold it; where their plans word it apart (each names its
   * own environment), each wording once, one after the other; '' when there is none.
   */
  render(format: 'text' | 'markdown', options: { color: boolean; verbose?: boolean; selectionOf?: (environment: string) => RunSelection | undefined }): string;
}

export function treeWarningsOfRun(): TreeWarningsOfRun {
  // By identity (identityOf): its environments, and each wording of it the plans hold.
  const kept = new Map<string, KeptWarning>();
  // The environments in the order their plans came: a folded warning names them so.
  const order: string[] = [];
  return {
    setApart(plan) {
      const environment = plan.target.environment ?? '';
      if (!order.includes(environment)) order.push(environment);
      for (const warning of plan.warnings.filter(isTreeWarning)) {
        const identity = identityOf(warning, environment);
        const seen = kept.get(identity) ?? { environments: [], wordings: new Map<string, PlanWarning>() };
        kept.set(identity, seen);
        if (!seen.environments.includes(environment)) seen.environments.push(environment);
        const wording = wordingOf(warning);
        if (!seen.wordings.has(wording)) seen.wordings.set(wording, warning);
      }
      return { ...plan, warnings: plan.warnings.filter((warning) => !isTreeWarning(warning)) };
    },
    render(format, options) {
      if (kept.size === 0) return '';
      // Warnings of the same environments together, in the order the first of each came.
      const groups = new Map<string, { environments: string[]; warnings: PlanWarning[] }>();
      for (const { environments, wordings } of foldNamedFiles([...kept.values()], order)) {
        const key = environments.join('\u0000');
        const group = groups.get(key) ?? { environments, warnings: [] };
        group.warnings.push(...wordings.values());
        groups.set(key, group);
      }
      const shown = [...groups.values()].map(({ environments, warnings }) => {
        // The plan of the first of them holds every one of these warnings: its command, with that run's flags, lists them all.
        const selection = options.selectionOf?.(environments[0]!);
        return {
          whose: `${environments.length === 1 ? 'environment' : 'environments'} ${joinAnd(environments)}`,
          sentences: describeWarningGroups(warnings, {
            linesPerGroup: options.verbose ? undefined : LINES_PER_GROUP,
            listsAll: format === 'text' ? `${renderNextCommand(selection, 'plan --verbose')} lists every one, --format json holds them all` : `${renderNextCommand(selection, 'plan --format json')} lists every one`,
            ...(selection !== undefined && { selection }),
          }).warnings,
        };
      });
      return format === 'text' ? renderText(shown, options.color) : renderMarkdown(shown);
    },
  };
}

/** A tree warning as the plans hold it: its environments, and each wording of it. */
type KeptWarning = { environments: string[]; wordings: Map<string, PlanWarning> };

/**
 * Pure: one finding at one place of the config that each plan words with the files of its own selection (an input mapped
 * to another data source that the files it reads use as expressions: `files`, the files named): where one plan's files
 * hold every other's, its wording is said once for all of their environments, not once per plan. Wordings whose files do
 * not hold each other stay apart, each under its own environments.
 */
function foldNamedFiles(warnings: readonly KeptWarning[], order: readonly string[]): KeptWarning[] {
  const named = warnings.map((kept) => {
    const [warning, ...others] = kept.wordings.values();
    const placed = others.length === 0 && warning?.kind === 'other' && warning.files !== undefined && warning.line !== undefined;
    return { kept, place: placed ? JSON.stringify([warning.rule, warning.file, warning.line, warning.col]) : undefined, files: new Set(placed ? warning.files : []) };
  });
  const holds = (wide: (typeof named)[number], narrow: (typeof named)[number]) => wide !== narrow && wide.place === narrow.place && [...narrow.files].every((file) => wide.files.has(file));
  const folded: KeptWarning[] = [];
  for (const [index, entry] of named.entries()) {
    if (entry.place === undefined) {
      folded.push(entry.kept);
      continue;
    }
    // Held by a wider wording (or an equal one that came first): said there.
    if (named.some((other, at) => holds(other, entry) && (!holds(entry, other) || at < index))) continue;
    const environments = [...new Set([...entry.kept.environments, ...named.filter((other) => holds(entry, other)).flatMap((other) => other.kept.environments)])];
    folded.push({ ...entry.kept, environments: environments.sort((a, b) => order.indexOf(a) - order.indexOf(b)) });
  }
  return folded;
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
