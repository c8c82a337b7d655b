import { GRAPHEMES } from '../report/cut-text.js';
import { replaceInvisible } from '../report/escape-untrusted.js';
import type { GitInfo } from './read-git-info.js';

/** Every save dashsync makes carries this in its version message; drift detection looks for it. */
export const DASHSYNC_MARKER = 'dashsync:';

/** Grafana 12+ refuses longer messages (its check counts bytes). */
export const MAX_MESSAGE_BYTES = 500;

/**
 * Fills `{sha}` (12 characters), `{subject}` and `{actor}`; unknown values become empty and the spaces around
 * them collapse; control characters and bidi marks become a space. The result always carries DASHSYNC_MARKER (it is
 * prefixed when the template lacks it) and fits Grafana's 500-byte limit.
 */
export function renderCommitMessage(template: string, git: GitInfo): string {
  const substituted = template
    .replace(/\{sha\}/g, git.sha ? git.sha.slice(0, 12) : '')
    .replace(/\{subject\}/g, git.subject ?? '')
    .replace(/\{actor\}/g, git.actor ?? '');
  // Grafana's UI, other tools and a curl in someone's terminal show a version message raw: no control or bidi character.
  const filled = replaceInvisible(substituted, ' ').replace(/ {2,}/g, ' ').trim();
  const marked = filled.includes(DASHSYNC_MARKER) ? filled : `${DASHSYNC_MARKER} ${filled}`.trim();
  const cut = truncateBytes(marked, MAX_MESSAGE_BYTES);
  return cut.includes(DASHSYNC_MARKER) ? cut : truncateBytes(`${DASHSYNC_MARKER} ${marked}`, MAX_MESSAGE_BYTES);
}

/**
 * The text cut to `maxBytes` of UTF-8 at a grapheme boundary, with an ellipsis where it was cut. A grapheme that
 * does not fit whole is left out whole.
 */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const ellipsis = '…';
  let result = '';
  let bytes = Buffer.byteLength(ellipsis);
  for (const { segment } of GRAPHEMES.segment(text)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > maxBytes) break;
    result += segment;
    bytes += size;
  }
  return `${result}${ellipsis}`;
}
