import { createHash } from 'node:crypto';

const replacements: Record<string, string> = {
  '&': 'and',
  '@': 'at',
  ß: 'ss',
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  æ: 'ae',
  ø: 'oe',
  å: 'aa',
  đ: 'd',
  ł: 'l',
};

/** Grafana's backend slug (pkg/infra/slugify, variant 1 of grafana-api.md §2.1). Written independently of the client's. */
export function slugify(title: string): string {
  let out = '';
  let pendingDash = false;
  for (const char of title.toLowerCase()) {
    // ASCII has nothing to decompose: the normalisation is skipped for it (most titles are ASCII throughout).
    const mapped = replacements[char] ?? (char < '\u0080' ? char : char.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
    for (const c of mapped) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (pendingDash && out.length > 0) out += '-';
        pendingDash = false;
        out += c;
      } else {
        pendingDash = true;
      }
    }
  }
  if (out !== '') return out;
  const encoded = Buffer.from(title, 'utf8').toString('base64url');
  if (encoded !== '' && encoded.length <= 50) return encoded;
  return uuidV5Oid(title);
}

/** UUIDv5 in the ISO OID namespace, as Go's uuid.NewSHA1(uuid.NameSpaceOID, ...). */
function uuidV5Oid(name: string): string {
  const namespace = Buffer.from('6ba7b8129dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
