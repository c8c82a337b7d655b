import { describe, expect, it } from 'vitest';
import { describeNewerWriter, findNewerWriter, findOlderWriters, headCanDecide, readCommentWriter, renderFailedByLine, thisRunWriter } from '../../src/action/comment-writer.js';
import { renderFailedPlanComment } from '../../src/action/render-failed-plan-comment.js';
import { renderPostMarker } from '../../src/action/render-plan-comment.js';
import type { IssueComment } from '../../src/github/issue-comments.js';

const MARKER = '<!-- dashsync-plan environment=- path=dashboards -->';
const HEAD = 'c'.repeat(40);
const env = (runId: string, attempt?: string) => ({ GITHUB_RUN_ID: runId, ...(attempt === undefined ? {} : { GITHUB_RUN_ATTEMPT: attempt }) });

/** A plan comment as renderPlanComment ends it: the writer's line, then the footer. `shows`: text of the plan above. */
function planComment(postMarker: string, shows = 'the plan'): IssueComment {
  const body = `${MARKER}\n## dashsync plan\n${shows}\n\n---\n${postMarker}\n<sub>Updated by dashsync on every run for commit \`cccccccccccc\`</sub>\n`;
  return { id: 1, body, htmlUrl: 'https://github.example/c/1', authorType: 'Bot', authorAssociation: 'NONE' };
}

describe('which run wrote a plan comment, and whether it is newer than this one', () => {
  it('reads the run, attempt and head of a plan and of a failed run\'s notice, at their places only', () => {
    expect(readCommentWriter(planComment(renderPostMarker(env('1235', '2'), HEAD)).body)).toEqual({ runId: 1235n, attempt: 2, head: HEAD, failed: false });
    // A comment of an earlier release: no head.
    expect(readCommentWriter(planComment('<!-- dashsync-posted-by run=77 attempt=1 post=0a0b0c0d0e0f -->').body)).toEqual({ runId: 77n, attempt: 1, head: null, failed: false });
    // A line a plan shows is not where the writer's is.
    expect(readCommentWriter(planComment('<!-- no writer -->', '<!-- dashsync-posted-by run=99999 attempt=1 post=x -->').body)).toBeNull();

    const notice = renderFailedPlanComment(planComment(renderPostMarker(env('1235'), HEAD)).body, {
      marker: MARKER,
      sha: 'd'.repeat(40),
      failure: 'no response',
      writtenBy: renderFailedByLine(env('1236'), 'd'.repeat(40)),
    });
    expect(readCommentWriter(notice)).toEqual({ runId: 1236n, attempt: 1, head: 'd'.repeat(40), failed: true });
    // A notice of an earlier release names no writer (its plan's line, inside it, is not the notice's).
    expect(readCommentWriter(renderFailedPlanComment(planComment(renderPostMarker(env('1235'), HEAD)).body, { marker: MARKER, sha: null, failure: 'x' }))).toBeNull();
  });

  it('newer: a later run id, or a later attempt of the same run; never when this run has no run id', () => {
    const comments = [planComment(renderPostMarker(env('1234', '1'), HEAD)), planComment(renderPostMarker(env('1235', '1'), HEAD))];
    expect(findNewerWriter(comments, thisRunWriter(env('1236'), HEAD))).toBeNull();
    expect(findNewerWriter(comments, thisRunWriter(env('1235'), HEAD))).toBeNull();
    expect(findNewerWriter(comments, thisRunWriter(env('1234', '2'), HEAD))?.writer.runId).toBe(1235n);
    expect(findNewerWriter(comments, thisRunWriter(env('1234'), HEAD))?.writer.runId).toBe(1235n);
    expect(findNewerWriter([planComment(renderPostMarker(env('1235', '3'), HEAD))], thisRunWriter(env('1235', '2'), HEAD))?.writer.attempt).toBe(3);
    expect(findNewerWriter(comments, thisRunWriter({}, HEAD))).toBeNull();
  });

  it("the pull request's head now decides before the run id: a comment for it is newer, and a run for it replaces one for another head", () => {
    const older = 'c'.repeat(40);
    const current = 'd'.repeat(40);
    // GitHub promises run ids unique, not increasing: here the run for the current head got the lower id.
    const forCurrent = [planComment(renderPostMarker(env('1234'), current))];
    const forOlder = [planComment(renderPostMarker(env('1236'), older))];
    expect(headCanDecide(forCurrent, thisRunWriter(env('1235'), older))).toBe(true);
    expect(headCanDecide(forCurrent, thisRunWriter(env('1235'), current))).toBe(false);
    expect(headCanDecide(forCurrent, thisRunWriter(env('1235'), null))).toBe(false);

    const newer = findNewerWriter(forCurrent, thisRunWriter(env('1235'), older), current);
    expect(newer).toMatchObject({ by: 'head', writer: { runId: 1234n, head: current } });
    expect(describeNewerWriter(newer!, 7)).toBe("a run for the pull request's current head (run 1234, head dddddddddddd) has posted its plan on pull request #7");
    expect(findNewerWriter(forOlder, thisRunWriter(env('1235'), current), current)).toBeNull();
    // Without the current head (not read, or neither is it), the run id orders them as before.
    expect(findNewerWriter(forCurrent, thisRunWriter(env('1235'), older))).toBeNull();
    expect(findNewerWriter(forOlder, thisRunWriter(env('1235'), current))).toMatchObject({ by: 'run', writer: { runId: 1236n } });
    expect(findNewerWriter(forOlder, thisRunWriter(env('1235'), current), 'e'.repeat(40))).toMatchObject({ by: 'run' });
  });

  it('older, so this run may delete it: for this head by run id and attempt; for another head only when the pull request\'s head, read, is this run\'s', () => {
    const current = 'd'.repeat(40);
    const other = 'c'.repeat(40);
    const sameHead = [planComment(renderPostMarker(env('1234'), current)), planComment(renderPostMarker(env('1235', '2'), current)), planComment(renderPostMarker(env('1236'), current))];
    expect(findOlderWriters(sameHead, thisRunWriter(env('1235', '3'), current)).map((comment) => readCommentWriter(comment.body)?.runId)).toEqual([1234n, 1235n]);
    // Another job of this run and attempt (same run id and attempt) is not older.
    expect(findOlderWriters([planComment(renderPostMarker(env('1235'), current))], thisRunWriter(env('1235'), current))).toEqual([]);
    const otherHead = [planComment(renderPostMarker(env('1236'), other))];
    // The pull request's head is this run's: a comment for another head is older, whatever its run id.
    expect(findOlderWriters(otherHead, thisRunWriter(env('1235'), current), current)).toEqual(otherHead);
    // Not read, or neither run's: not proven, even with a lower run id.
    expect(findOlderWriters([planComment(renderPostMarker(env('1200'), other))], thisRunWriter(env('1235'), current))).toEqual([]);
    expect(findOlderWriters(otherHead, thisRunWriter(env('1235'), current), 'e'.repeat(40))).toEqual([]);
    // A writer or head not known, or this run's head not known: never.
    expect(findOlderWriters([planComment('<!-- dashsync-posted-by run=77 attempt=1 post=0a0b0c0d0e0f -->')], thisRunWriter(env('1235'), current), current)).toEqual([]);
    expect(findOlderWriters(sameHead, thisRunWriter(env('1237'), null), current)).toEqual([]);
  });
});
