import { createHash } from 'node:crypto';

/** `sha256:<hex>` of a text's UTF-8 encoding: how dashsync names a file's or a canonical document's content. */
export function hashText(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** The same digest of text already encoded (a file's bytes): hashText of the text decoded from them, without encoding it again. */
export function hashBytes(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A digest in full as hashText writes it (`sha256:` and 64 hex digits). */
export const FULL_SHA256 = /^sha256:[0-9a-f]{64}$/;
