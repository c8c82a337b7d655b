import { isAbsolute, relative } from 'node:path';
import pc from 'picocolors';
import type { ApplyEvent, FolderChange } from '../apply/types.js';
import type { Shell } from '../describe-error.js';
import { describeRaisedDeleteLimit } from './describe-delete-limit.js';
import { escapeText, quoteText } from './escape-untrusted.js';
import { renderParentName } from './folder-names.js';
import { shorten } from './shorten-path.js';
import { renderConflict, renderFailure, renderUnknown } from './render-apply-result.js';
import type { RunSelection } from './next-command.js';

/** Where a line of the apply log goes: what was done to stdout, problems to stderr. */
export interface ApplyLine {
  stream: 'stdout' | 'stderr';
  /** Escaped, without its newline. */
  line: string;
}

/** Which streams may carry colour (each decides for itself: src/cli/stream-color.ts). */
export interface ApplyColors {
  stdout: boolean;
  stderr: boolean;
}

const PAINT: Record<ApplyEvent['outcome'], keyof ReturnType<typeof pc.createColors> | null> = {
  created: 'green',
  updated: 'yellow',
  moved: 'cyan',
  deleted: 'red',
  held: 'yellow',
  unchanged: 'dim',
  'backed-up': 'dim',
  warning: 'yellow',
  renamed: 'yellow',
  skipped: 'dim',
  conflict: 'red',
  failed: 'red',
  unknown: 'yellow',
  'not-started': null,
};

/** Made once: a line per action would otherwise build a palette of closures each. */
const PALETTES = { plain: pc.createColors(false), coloured: pc.createColors(true) };

/**
 * The line one outcome prints the moment it happens (null for actions not started: the end
 * lists them at once), coloured when its stream may be. Pure. `cwd` shortens backup paths.
 */
export function renderApplyEvent(event: ApplyEvent, options: { cwd?: string; colors?: ApplyColors; shell?: Shell; selection?: RunSelection; planFile?: string } = {}): ApplyLine | null {
  const text = describeApplyEvent(event, options.cwd, options.shell ?? 'cli', options.selection, options.planFile);
  if (text === null) return null;
  const stream = event.outcome === 'conflict' || event.outcome === 'failed' || event.outcome === 'unknown' || event.outcome === 'warning' ? 'stderr' : 'stdout';
  // Escaped first: titles, uids and Grafana's words come from outside; the colour codes are ours.
  const line = escapeText(text);
  const colour = PAINT[event.outcome];
  const c = options.colors?.[stream] ? PALETTES.coloured : PALETTES.plain;
  return { stream, line: colour ? (c[colour] as (s: string) => string)(line) : line };
}

/** The words of an outcome's line, unescaped (apply's JSON Lines carry them as `text`); null for an action not started. `planFile`: the saved plan applied, which a step that plans again names. */
export function describeApplyEvent(event: ApplyEvent, cwd: string | undefined, shell: Shell, selection?: RunSelection, planFile?: string): string | null {
  // A library panel is named as one (as its conflicts and the plan name it): its uid alone reads like a dashboard's.
  const kind = event.kind === 'folder' ? 'folder ' : event.kind === 'library-panel' ? 'library panel ' : '';
  const what = `${kind}${event.uid} ${quoteText(event.title)}${event.kind !== 'folder' && event.file ? ` (${event.file})` : ''}`;
  const label = event.kind === 'dashboard' ? event.action : `${event.kind}-${event.action}`;
  switch (event.outcome) {
    case 'created':
    case 'deleted':
      return `${event.outcome}${forcedOver(event)}: ${what}${event.message ? `; ${event.message}` : ''}`;
    case 'updated':
    case 'moved':
      if (event.folderChange) return describeFolderUpdate(event.uid, event.title, event.folderChange, forcedOver(event));
      return `${event.outcome}${forcedOver(event)}: ${what}${event.version ? `, now version ${event.version}` : ''}${event.message ? `; ${event.message}` : ''}`;
    case 'unchanged':
      return `unchanged: ${what}: ${event.message ?? ''}`;
    case 'backed-up':
      return `backup: ${shorten(event.backup ?? '', cwd)}`;
    case 'warning':
      return `warning: ${event.raisedDeleteLimit ? describeRaisedDeleteLimit(event.raisedDeleteLimit, shell) : (event.message ?? '')}`;
    case 'renamed':
      return `renamed: ${what}: ${event.message ?? ''}`;
    case 'held':
      return `held: ${what}: ${event.message ?? ''}`;
    case 'skipped':
      return `skipped: ${event.uid}: ${event.message ?? ''}`;
    case 'conflict':
      return event.conflict ? renderConflict(event.conflict, shell, selection) : null;
    case 'failed':
      return renderFailure({ uid: event.uid, title: event.title, action: label, message: event.message ?? '', ...(event.planAgain !== undefined && { planAgain: event.planAgain }) }, shell, selection, planFile);
    case 'unknown':
      return renderUnknown({ uid: event.uid, title: event.title, action: label, message: event.message ?? '', ...(event.answered && { answered: true as const }), ...(event.readBackDiffers && { readBackDiffers: true as const }) }, shell, selection);
    case 'not-started':
      return null;
  }
}

/**
 * A folder update done, by what it changed: `moved: folder legacy "Legacy" into "Platform" (platform)` (or `to the top
 * level`), `renamed: folder apps "Apps" to "Applications"`, `moved and renamed: folder legacy "Legacy" to "Old", into …`.
 */
function describeFolderUpdate(uid: string, title: string, change: FolderChange, forced: string): string {
  const { titleBefore, into } = change;
  const named = `folder ${uid} ${quoteText(titleBefore ?? title)}`;
  if (titleBefore === undefined && into === undefined) return `updated${forced}: ${named}`;
  const renamed = titleBefore === undefined ? '' : ` to ${quoteText(title)}`;
  const where = into === undefined ? '' : ` ${into.uid === null ? 'to' : 'into'} ${renderParentName(into.uid, into.title)}`;
  const verb = into === undefined ? 'renamed' : titleBefore === undefined ? 'moved' : 'moved and renamed';
  return `${verb}${forced}: ${named}${renamed}${renamed && where ? ',' : ''}${where}`;
}

/** ` (forced over version 4, saved by editor at …)`: what a --force save replaced that the plan did not see; '' otherwise. */
function forcedOver(event: ApplyEvent): string {
  const over = event.forcedOver;
  if (!over) return '';
  if (over.metadataEdited) return ` (forced over labels or annotations changed in Grafana since version ${over.version})`;
  const by = over.by ? ` by ${over.by}` : '';
  const at = over.at ? ` at ${over.at}` : '';
  if (over.version === null) return ` (forced over a save${by}${at})`;
  return ` (forced over version ${over.version}${by || at ? `, saved${by}${at}` : ''})`;
}

