import { randomInt, randomUUID } from 'node:crypto';
import type { EraRules } from './era.js';

const alphanumeric = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new dashboard/folder uid in the style the emulated release generates (grafana-api.md §1.4). */
export function generateUid(style: EraRules['uidStyle']): string {
  if (style === 'uuid') return randomUUID();
  if (style === 'generate-name') return `a${randomChars(alphanumeric, 13)}`;
  // 10.3+ shortid: a letter a–f, 12 base36 characters, a letter a–f.
  return `${randomChars('abcdef', 1)}${randomChars(alphanumeric, 12)}${randomChars('abcdef', 1)}`;
}

function randomChars(alphabet: string, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
