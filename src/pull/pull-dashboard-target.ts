import { readFile, rm } from 'node:fs/promises';
import { parseDashboardText } from '../files/parse-dashboard-text.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import { restoreFileForm } from '../files/restore-file-form.js';
import { ownerBlocksUpdates } from '../grafana/ownership.js';
import type { GrafanaPort } from '../grafana/port.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { normalizeDashboard } from '../normalize/normalize-dashboard.js';
import { decidePullFile, type GitFileState, type PullFileDecision } from './decide-pull-file.js';
import type { GitView } from './read-git-view.js';
import type { LiveAuthorReader, LiveAuthorship } from './read-live-author.js';
import { resolveInsideRoot, resolveWriteTarget } from './safe-path.js';
import type { DashboardTarget } from './types.js';
import { writeFileAtomic } from './write-file-atomic.js';

export interface PullTargetContext {
  grafana: GrafanaPort;
  realRoot: string;
  minRefreshInterval: string;
  inputs: Record<string, string>;
  dryRun: boolean;
  force: boolean;
  git: GitView;
  authors: LiveAuthorReader;
}

export type PullTargetResult =
  | {
      kind: 'written';
      outcome: 'created' | 'updated' | 'moved' | 'unchanged';
      provisioned: boolean;
      titleMissing: boolean;
      /** Why an "export for sharing" file was written as a plain model. */
      formLost?: string;
      /** Set when Grafana's version replaced an existing file: on what evidence. */
      adopted?: PullFileDecision & { action: 'adopt' };
    }
  /** Left as it is: it holds a change Grafana does not have (`keep`), or both changed (`refuse`). */
  | { kind: 'left'; decision: PullFileDecision & { action: 'keep' | 'refuse' }; git: GitFileState; author: LiveAuthorship; gitUnavailable: string | null }
  /** Deleted in Grafana between the search and the fetch. */
  | { kind: 'vanished' };

/**
 * Fetches one dashboard and brings its file up to date, without losing work: a file that says
 * what Grafana says is left alone (whatever its bytes); a file that differs is replaced only
 * when decidePullFile says Grafana's version is the newer one, and then keeps its form
 * (restoreFileForm). A new dashboard gets the canonical bare model. The model is dropped when
 * this returns, so a pull holds at most `concurrency` dashboards.
 */
export async function pullDashboardTarget(target: DashboardTarget, context: PullTargetContext): Promise<PullTargetResult> {
  const absPath = resolveInsideRoot(context.realRoot, target.file);
  const live = await context.grafana.getDashboard(target.uid);
  if (!live) return { kind: 'vanished' };
  const model = normalizeDashboard(live.model, { minRefreshInterval: context.minRefreshInterval });
  const provisioned = ownerBlocksUpdates(live.owner);
  // Grafana 13 stores a whitespace-only title as is; the tree (and Grafana's other releases) refuse it.
  const titleMissing = typeof model.title !== 'string' || model.title === '';

  let text = canonicalJson(model);
  let formLost: string | undefined;
  let adopted: PullFileDecision & { action: 'adopt' } | undefined;
  if (target.existingFile !== null) {
    const current = await readCurrent(resolveInsideRoot(context.realRoot, target.existingFile), context.inputs, context.minRefreshInterval);
    if (current.canonical === text && target.previousFile === null) return { kind: 'written', outcome: 'unchanged', provisioned, titleMissing };
    const git = context.git.stateOf(target.existingFile);
    const author = await context.authors.read(live);
    const decision = decidePullFile({ git, grafana: author.author, force: context.force });
    if (decision.action !== 'adopt') return { kind: 'left', decision, git, author, gitUnavailable: context.git.unavailable };
    adopted = decision;
    const form = restoreFileForm(model, current.written, context.inputs);
    text = canonicalJson(form.model);
    formLost = form.lost;
  }

  const writePath = await resolveWriteTarget(context.realRoot, absPath);
  const existing = await readFile(writePath, 'utf8').catch(() => undefined);
  if (existing === text && target.previousFile === null) return { kind: 'written', outcome: 'unchanged', provisioned, titleMissing };
  if (!context.dryRun) {
    if (existing !== text) await writeFileAtomic(writePath, text);
    if (target.previousFile) await rm(resolveInsideRoot(context.realRoot, target.previousFile), { force: true });
  }
  const outcome = target.previousFile ? 'moved' : existing === undefined ? 'created' : 'updated';
  return { kind: 'written', outcome, provisioned, titleMissing, formLost, adopted };
}

/** The file as it is now: its canonical compared form (as plan sees it) and its model as written. */
async function readCurrent(absPath: string, inputs: Record<string, string>, minRefreshInterval: string) {
  const { text } = await readUtf8File(absPath, absPath);
  const parsed = text === undefined ? undefined : parseDashboardText(text, absPath, inputs);
  if (!parsed?.content || !parsed.written || parsed.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error('the file changed while pull was running and is no longer valid; fix it and pull again');
  }
  return { canonical: canonicalJson(normalizeDashboard(parsed.content.spec, { minRefreshInterval })), written: parsed.written };
}
