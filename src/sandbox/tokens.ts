import { createHash, randomBytes } from 'node:crypto';

const alphanumeric = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A service account token in Grafana's format: `glsa_<32 alphanumerics>_<crc32 hex>`. */
export function newServiceAccountToken(): string {
  const bytes = randomBytes(32);
  let secret = '';
  for (const byte of bytes) secret += alphanumeric[byte % alphanumeric.length];
  return `glsa_${secret}_${crc32Hex(`glsa_${secret}`)}`;
}

/** Tokens are stored only as this hash, so the data file holds no credential. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function crc32Hex(text: string): string {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}
