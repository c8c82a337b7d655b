import { DASHSYNC_MARKER } from '../config/render-commit-message.js';
import { withoutContentNote } from './content-note.js';

/** What a dashsync save's version message says it pushed: the commit (`{sha}`, when the message names one) and the rest. */
export interface PushedCommit {
  commit: string | null;
  subject: string;
}

const LEADING_SHA = /^([0-9a-f]{7,40})(?:\s+|$)/;

/**
 * The commit and subject of a dashsync save's message (the default template `dashsync: {sha} {subject}`, its content note
 * left out); null for a message without the marker. Another template: no commit, the message after the marker. Pure.
 */
export function pushedCommitOf(message: string | null): PushedCommit | null {
  if (message === null || !message.includes(DASHSYNC_MARKER)) return null;
  const text = withoutContentNote(message);
  const afterMarker = text.slice(text.indexOf(DASHSYNC_MARKER) + DASHSYNC_MARKER.length).trim();
  const sha = LEADING_SHA.exec(afterMarker);
  if (sha === null) return { commit: null, subject: afterMarker };
  return { commit: sha[1]!, subject: afterMarker.slice(sha[0].length).trim() };
}
