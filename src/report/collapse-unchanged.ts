import type { ApplyEvent } from '../apply/types.js';

/** How many `unchanged:` lines a run prints one by one; a re-run of a large plan would otherwise repeat what the last run did. */
const UNCHANGED_LINES_SHOWN = 20;

/**
 * Lets the first UNCHANGED_LINES_SHOWN `unchanged:` outcomes through as lines and counts the rest, which end the
 * log as one line (`rest`): the summary counts them all either way.
 */
export class UnchangedLines {
  private shown = 0;
  private hidden = 0;

  /** Whether this outcome gets its own line. */
  admit(event: Pick<ApplyEvent, 'outcome'>): boolean {
    if (event.outcome !== 'unchanged') return true;
    if (this.shown < UNCHANGED_LINES_SHOWN) {
      this.shown += 1;
      return true;
    }
    this.hidden += 1;
    return false;
  }

  /** The line for those not printed, or '' when every one was. */
  rest(): string {
    return this.hidden > 0 ? `unchanged: ${this.hidden} more, already as the plan wants them (not listed one by one)\n` : '';
  }
}
