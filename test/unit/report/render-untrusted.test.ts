import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../../src/apply/types.js';
import { renderApplyEvent } from '../../../src/report/render-apply-event.js';
import { renderApplyProblems } from '../../../src/report/render-apply-result.js';
import { emptyApplyResult } from '../../../src/apply/types.js';
import { renderDiagnostics } from '../../../src/report/render-diagnostics.js';
import { renderPlan } from '../../../src/report/render-plan.js';
import { renderPlanMarkdown } from '../../../src/report/render-plan-markdown.js';
import { renderPlanText } from '../../../src/report/render-plan-text.js';
import { action, folderAction, liveState, plan } from '../plan/builders.js';

/** A title that tries everything: clear the screen, set the terminal title, ring, rewrite the line, reorder text, run workflow commands. */
const HOSTILE = 'Ops\u001b[2J\u001b]0;owned\u0007\r\n::error::injected\u202eevil ##[warning]x | *y* <b>';

/** Lines of output the GitHub Actions runner would act on (see ActionCommand.TryParseV2 / TryParse in actions/runner). */
export function runnerCommands(output: string): string[] {
  return output.split('\n').filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
}

/** Characters a terminal acts on, besides the newline that ends each line of output. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

const hostilePlan = plan({
  actions: [
    folderAction({ action: 'create', uid: 'f1', title: HOSTILE, parentUid: null, dir: 'ops' }),
    action({
      uid: 'ops',
      action: 'update',
      title: HOSTILE,
      file: `dashboards/${HOSTILE}.json`,
      folderUid: 'f1',
      live: liveState({ version: 2, folderUid: 'f1', folderTitle: HOSTILE }),
      changes: [{ path: `panels[id=1 ${JSON.stringify(HOSTILE)}].title`, kind: 'changed', before: HOSTILE, after: 'Ops' }],
    }),
  ],
  warnings: [{ kind: 'drift', uid: 'ops', title: HOSTILE, version: 2, updatedBy: HOSTILE, updated: 't', message: HOSTILE }],
  summary: { create: 0, update: 1, move: 0, delete: 0, unchanged: 0, folderCreate: 1, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 },
});

describe('every renderer escapes what came from outside', () => {
  it.each(['text', 'markdown', 'json'] as const)('plan as %s: no raw control character, nothing the runner acts on', (format) => {
    const output = renderPlan(hostilePlan, format, { color: false });
    expect(output).not.toMatch(RAW_CONTROL);
    expect(runnerCommands(output)).toEqual([]);
  });

  it('text: the title is on its own line, visibly escaped', () => {
    const text = renderPlanText(hostilePlan, { color: true });
    expect(text).toContain('"Ops\\x1b[2J\\x1b]0;owned\\x07\\r\\n::error::injected\\u202eevil #\\x23[warning]x | *y* <b>" (uid ops, live version 2)');
    // Colour codes are ours and still there; every other ESC is escaped.
    expect(text).toMatch(/\u001b\[33m~ update/);
    expect(text.replace(/\u001b\[\d+m/g, '')).not.toMatch(RAW_CONTROL);
  });

  it('a diff value spells each control as the title does (\\x1b, \\x07, \\x08), in text and in the markdown diff', () => {
    const valued = plan({
      actions: [
        action({
          uid: 'v',
          action: 'update',
          title: 'V\u001b[31m',
          live: liveState({ version: 1 }),
          changes: [{ path: 'description', kind: 'changed', before: 'a\u001b[31m\u0007\b\f\n\\u001b', after: 'b\u009b\u202e' }],
        }),
      ],
    });
    const text = renderPlanText(valued, { color: false });
    expect(text).toContain('"V\\x1b[31m" (uid v');
    expect(text).toContain('      ~ description: "a\\x1b[31m\\x07\\x08\\x0c\\n\\\\u001b" → "b\\x9b\\u202e"');
    const markdown = renderPlanMarkdown(valued);
    expect(markdown).toContain('- description: "a\\x1b[31m\\x07\\x08\\x0c\\n\\\\u001b"');
    expect(`${text}${markdown}`).not.toMatch(/\\u001b\[|\\u0007/);
  });

  it('markdown: pipes, emphasis and HTML cannot break the table or the summary', () => {
    const markdown = renderPlanMarkdown(hostilePlan);
    const row = markdown.split('\n').find((line) => line.startsWith('| 🟡 update'))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
    expect(row).toContain('Ops\\\\x1b\\[2J\\\\x1b\\]0;owned\\\\x07\\\\r\\\\n::error::injected\\\\u202eevil ##\\[warning\\]x \\| \\*y\\* &lt;b&gt;');
    expect(markdown).toContain('<summary>🟡 update <code>ops</code> Ops\\x1b[2J');
    // Raw `<b>` is left only where Markdown shows text as it is: in code spans and fenced diffs.
    const prose = markdown.replace(/```diff[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
    expect(prose).not.toContain('<b>');
    expect(markdown).toMatch(/^> - drift: ops "Ops.*&lt;b&gt;"/m);
  });

  it('markdown: a uid in <code> is copied as it is (no zero-width space), the title beside it links nothing', () => {
    const referenced = plan({ actions: [action({ uid: 'gh-2024-q1', action: 'update', title: 'GH-12 for @org/team', live: liveState({ version: 1 }), changes: [{ path: 'title', kind: 'changed', before: 'a', after: 'b' }] })] });
    expect(renderPlanMarkdown(referenced)).toContain('<summary>🟡 update <code>gh-2024-q1</code> GH-&#8203;12 for @&#8203;org/team (');
  });

  it('json keeps the data: the escapes read back as the same title', () => {
    const json = renderPlan(hostilePlan, 'json', { color: false });
    expect(JSON.parse(json).dashboards[0].title).toBe(HOSTILE);
  });

  it('diagnostics and apply results', () => {
    const diagnostics = renderDiagnostics([
      { file: '::error::x.json', line: 1, col: 1, severity: 'warning', rule: 'title-duplicate-in-folder', message: `title "${HOSTILE}" is also used` },
    ]);
    const result: ApplyResult = {
      ...emptyApplyResult(),
      failures: [{ action: 'update', uid: 'ops', title: HOSTILE, message: `HTTP 400: ${HOSTILE}` }],
      stoppedBy: 'unreachable',
      stopReason: HOSTILE,
      notStarted: [{ kind: 'dashboard', uid: HOSTILE, action: 'update' }],
    };
    const event = { kind: 'dashboard' as const, uid: 'ops', title: HOSTILE, action: 'update', file: `${HOSTILE}.json` };
    const lines = (['created', 'unchanged', 'skipped', 'failed', 'unknown', 'warning'] as const).map((outcome) => renderApplyEvent({ ...event, outcome, message: HOSTILE })!.line);
    lines.push(renderApplyEvent({ ...event, outcome: 'backed-up', backup: `/b/${HOSTILE}.json` })!.line);
    for (const output of [diagnostics, renderApplyProblems(result), ...lines]) {
      expect(output).not.toMatch(RAW_CONTROL);
      expect(runnerCommands(output)).toEqual([]);
    }
    expect(diagnostics.startsWith('\\x3a:error::x.json:1:1: warning: title "Ops\\x1b[2J')).toBe(true);
  });
});

// walkthrough-17 L-1: a 1,205-character title made a 1,336-character plan line; markdown already cut it.
describe('a long title is cut in text lines as in markdown, the uid and the file whole', () => {
  const LONG = `Long ${'x'.repeat(1200)}`;
  const file = `dashboards/${'d'.repeat(150)}.json`;

  it('plan text: the title cut with …, the uid and the file as they are', () => {
    const long = plan({ actions: [folderAction({ action: 'create', uid: 'f', title: LONG, parentUid: null, dir: 'f' }), action({ uid: 'long-uid', action: 'create', title: LONG, file, folderUid: 'f' })] });
    const line = renderPlanText(long, { color: false }).split('\n').find((candidate) => candidate.startsWith('+ create'))!;
    expect(line).toBe(`+ create        ${file} "Long ${'x'.repeat(194)}…" (uid long-uid) in "Long ${'x'.repeat(194)}…"`);
  });

  it('apply: the outcome line cuts it too', () => {
    const line = renderApplyEvent({ kind: 'dashboard', uid: 'long-uid', title: LONG, action: 'create', outcome: 'created', file })!.line;
    expect(line).toBe(`created: long-uid "Long ${'x'.repeat(194)}…" (${file})`);
  });

  it('a title of 200 characters is whole; a cut never splits an emoji', () => {
    const fits = 'y'.repeat(200);
    expect(renderApplyEvent({ kind: 'dashboard', uid: 'u', title: fits, action: 'update', outcome: 'updated', file: 'a.json' })!.line).toBe(`updated: u "${fits}" (a.json)`);
    const emoji = `${'z'.repeat(198)}👩‍👩‍👧 and more`;
    expect(renderApplyEvent({ kind: 'dashboard', uid: 'u', title: emoji, action: 'update', outcome: 'updated', file: 'a.json' })!.line).toBe(`updated: u "${'z'.repeat(198)}👩‍👩‍👧…" (a.json)`);
  });
});

describe('folder names in the plan', () => {
  it('a title that repeats is qualified by its directory', () => {
    const repeated = plan({
      actions: [
        folderAction({ action: 'create', uid: 'a', title: 'svc-0', parentUid: 'p', dir: 'platform/svc-0' }),
        folderAction({ action: 'create', uid: 'b', title: 'svc-0', parentUid: 't', dir: 'team/svc-0' }),
        folderAction({ action: 'noop', uid: 'p', title: 'Platform', parentUid: null, dir: 'platform', live: { title: 'Platform', parentUid: null, revision: '1' } }),
        action({ uid: 'api', action: 'create', title: 'API', file: 'dashboards/platform/svc-0/api.json', folderUid: 'a' }),
      ],
      summary: { create: 1, update: 0, move: 0, delete: 0, unchanged: 0, folderCreate: 2, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 },
    });
    const text = renderPlanText(repeated, { color: false });
    expect(text).toContain('+ folder-create folder "svc-0" (platform/svc-0, uid a) in "Platform"');
    expect(text).toContain('+ folder-create folder "svc-0" (team/svc-0, uid b) in folder t');
    expect(text).toContain('+ create        dashboards/platform/svc-0/api.json "API" (uid api) in "svc-0" (platform/svc-0)');
    expect(renderPlanMarkdown(repeated)).toContain('| 🟢 create | API | `api` | svc-0 (platform/svc-0) | `dashboards/platform/svc-0/api.json` | new |');
  });
});
