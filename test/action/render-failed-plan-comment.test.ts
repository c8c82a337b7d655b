import { describe, expect, it } from 'vitest';
import { renderFailedPlanComment } from '../../src/action/render-failed-plan-comment.js';

const marker = '<!-- dashsync-plan environment=- path=dashboards -->';
const earlier = `${marker}\n## dashsync plan\n\n**Plan: 1 to create**\n\n---\n<sub>Updated by dashsync on every run for commit \`aaaaaaaaaaaa\` · the whole plan is in the job summary</sub>\n`;
const files = (count: number) => Array.from({ length: count }, (_, i) => `dashboards/f${i}.json:1:2: error: unexpected end of file (json-syntax)`);

describe('renderFailedPlanComment: the files of a bad-input failure', () => {
  it('lists the first five under the notice, escaped, each at most 300 characters, and counts the rest; none: no list', () => {
    const long = `dashboards/t.json:3:4: error: title "${'x'.repeat(400)}" (title-duplicate-in-folder)`;
    const body = renderFailedPlanComment(earlier, { marker, sha: 'b'.repeat(40), failure: '7 errors in the dashboards tree', failedFiles: ['dashboards/a_`b`.json:1:1: error: <x> (json-syntax)', long, ...files(5)] });
    const notice = body.split('\n').slice(3, 11);
    expect(notice[0]).toBe('> **No current plan**: the plan for commit `bbbbbbbbbbbb` failed: 7 errors in the dashboards tree; the plan below is for commit `aaaaaaaaaaaa`.');
    expect(notice.slice(1, 3)).toEqual(['> - dashboards/a\\_\\`b\\`.json:1:1: error: &lt;x&gt; (json-syntax)', `> - dashboards/t.json:3:4: error: title "${'x'.repeat(300 - 38)}…`]);
    expect(notice.slice(3, 6)).toEqual(files(3).map((line) => `> - ${line}`));
    expect(notice[6]).toBe("> - … and 2 more (the run's annotations name each; `dashsync check` lists them all)");
    expect(body).toContain('<details><summary>Earlier plan (commit aaaaaaaaaaaa)</summary>');
    expect(renderFailedPlanComment(earlier, { marker, sha: null, failure: 'no response' })).not.toContain('\n> - ');
  });

  it('an earlier plan too long to keep under the notice: the files are still listed', () => {
    const body = renderFailedPlanComment(earlier, { marker, sha: null, failure: '2 errors in the dashboards tree', failedFiles: files(2), maxChars: 300 });
    expect(body).toContain('is not kept under this notice');
    expect(body.endsWith(`${files(2).map((line) => `> - ${line}`).join('\n')}\n`)).toBe(true);
  });
});

describe('renderFailedPlanComment: the commit of the earlier plan', () => {
  it('is read from the footer line only: a diff value quoting the footer does not pose as it', () => {
    const quoting = earlier.replace(
      '**Plan: 1 to create**\n',
      '**Plan: 1 to create**\n\n```diff\n+ description: "see footer: Updated by dashsync on every run for commit `deadbeef000`"\n```\n',
    );
    const body = renderFailedPlanComment(quoting, { marker, sha: 'b'.repeat(40), failure: 'no response' });
    expect(body.split('\n')[3]).toBe('> **No current plan**: the plan for commit `bbbbbbbbbbbb` failed: no response; the plan below is for commit `aaaaaaaaaaaa`.');
    expect(body).toContain('<details><summary>Earlier plan (commit aaaaaaaaaaaa)</summary>');
  });

  it("on the same commit (a re-run), says the plan below is an earlier run's against Grafana as it was then, not the commit's twice", () => {
    const body = renderFailedPlanComment(earlier, { marker, sha: 'a'.repeat(40), pullRequestHead: true, failure: 'GET /apis failed: HTTP 401: Invalid API key' });
    expect(body.split('\n')[3]).toBe(
      "> **No current plan**: the plan for this pull request's head commit `aaaaaaaaaaaa` failed: GET /apis failed: HTTP 401: Invalid API key; the plan below is an earlier run's for this same commit, made against Grafana as it was then.",
    );
    expect(body).toContain('<details><summary>Earlier plan (commit aaaaaaaaaaaa)</summary>');
  });

  it('a plan made but not posted says so, not that the plan failed', () => {
    const body = renderFailedPlanComment(earlier, { marker, sha: 'b'.repeat(40), failure: 'PATCH /x failed: HTTP 502: Server Error', notPosted: true });
    expect(body.split('\n')[3]).toBe(
      '> **No current plan**: the plan for commit `bbbbbbbbbbbb` is only in the job summary of its run, as updating this comment failed: PATCH /x failed: HTTP 502: Server Error; the plan below is for commit `aaaaaaaaaaaa`.',
    );
  });
});
