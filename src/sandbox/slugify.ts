import { createHash } from 'node:crypto';

/**
 * Grafana's replacement table (pkg/infra/slugify/slugify.go, getDefaultReplacements), grouped by what each letter
 * becomes. Only lower-case letters: Grafana lower-cases the title before it looks a letter up, so its upper-case
 * entries are never reached. Kept as Grafana has it, oddities too: `ä`/`ö` are `a`/`o` but `ü` is `ue`, `ſ` is `z`,
 * `ъ`/`ь` become a `-` of their own, and final `ץ` becomes an upper-case `C`.
 */
const replacedBy: Record<string, string> = {
  and: '&',
  at: '@',
  c: '©çćĉċčцצ',
  r: '®ŕŗřрר',
  ae: 'æǽ',
  ss: 'ß',
  a: 'àáâäåāăąǎǻаאảãạắằẳẵặấầẩẫậ',
  e: 'èéêëēĕėęěəєеעẻẽẹếềểễệ',
  i: 'ìíîïĩīĭįıиіїיỉị',
  o: 'òóôõöøōŏőơǒǿоỏọốồổỗộớờởỡợ',
  u: 'ùúûūũŭůűųưǔǖǘǚǜуủụứừửữự',
  ue: 'ü',
  y: 'ýÿŷыỳỷỹỵ',
  p: 'þпףפ',
  d: 'ďđдד',
  g: 'ĝğġģгґג',
  h: 'ĥħхהח',
  ij: 'ĳ',
  j: 'ĵй',
  k: 'ķĸкךכ',
  l: 'ĺļľŀłлל',
  n: 'ńņňŉŋнןנ',
  oe: 'œ',
  s: 'śŝşšсס',
  t: 'ţťŧтטת',
  w: 'ŵש',
  z: 'źżžſзז',
  f: 'ƒф',
  b: 'бב',
  v: 'вו',
  m: 'мםמ',
  zh: 'ж',
  ch: 'ч',
  sh: 'ш',
  sch: 'щ',
  '-': 'ъь',
  je: 'э',
  ju: 'ю',
  ja: 'я',
  jo: 'ё',
  q: 'ק',
  C: 'ץ',
  tm: '™',
};
const replacements = new Map<string, string>(Object.entries(replacedBy).flatMap(([to, from]) => [...from].map((char) => [char, to] as const)));

/**
 * Grafana's backend slug (pkg/infra/slugify/slugify.go `Slugify` and `slugger.Slugify`, variant 1 of grafana-api.md
 * §2.1). Written independently of the client's. No Unicode normalisation: a letter not in the table, or a decomposed
 * accent, is "another character" like a space.
 */
export function slugify(title: string): string {
  let out = '';
  let lastWasOther = false;
  for (const char of title) {
    const lower = lowerOneRune(char);
    const replaced = replacements.get(lower);
    if (replaced !== undefined) {
      out += replaced;
      lastWasOther = false;
    } else if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      out += lower;
      lastWasOther = false;
    } else if (!lastWasOther) {
      out += '-';
      lastWasOther = true;
    }
  }
  out = out.replace(/^-+|-+$/g, '');
  if (out !== '') return out;
  const encoded = Buffer.from(title, 'utf8').toString('base64url');
  if (encoded !== '' && encoded.length <= 50) return encoded;
  return uuidV5Oid(title);
}

/** Go lower-cases rune by rune (`İ` is `i`); JavaScript's one multi-rune lower case keeps its first rune here. */
function lowerOneRune(char: string): string {
  const lower = char.toLowerCase();
  return lower.length === char.length ? lower : String.fromCodePoint(lower.codePointAt(0)!);
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
