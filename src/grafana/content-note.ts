import { MAX_MESSAGE_BYTES, truncateBytes } from '../config/render-commit-message.js';

/** `sha256:` and this many hex digits name the content in a note: enough to tell contents apart, short in Grafana's history. */
const NOTE_HEX = 16;
const NOTE = /\s\[content (sha256:[0-9a-f]+)\]$/;

/**
 * The version message of a push through `/apis`, ending in the digest of the content pushed
 * (`… [content sha256:<16 hex>]`). Legacy SQL storage (12's default) keeps none of a write's
 * annotations, so dashsync's push record never comes back there; the message goes into the
 * version history, where the next plan finds it. Still within Grafana's 500 bytes. Pure.
 */
export function withContentNote(message: string, sha256: string): string {
  const note = ` [content ${shortDigest(sha256)}]`;
  return `${truncateBytes(message, MAX_MESSAGE_BYTES - Buffer.byteLength(note))}${note}`;
}

/** Whether a version message's note names this content (a `sha256:` digest). Pure. */
export function notesContent(message: string | null, sha256: string): boolean {
  return message !== null && NOTE.exec(message)?.[1] === shortDigest(sha256);
}

function shortDigest(sha256: string): string {
  return sha256.slice(0, 'sha256:'.length + NOTE_HEX);
}
