/**
 * The letters of other scripts that Grafana's backend slug (pkg/infra/slugify) spells in Latin letters: Cyrillic (Russian
 * and Ukrainian) and Hebrew. Lower case only: Grafana lower-cases a title before it looks letters up. Its oddities are
 * kept, so a name matches the slug of Grafana's URL (`ъ` and `ь` are a separator, `ё` is `jo`); final tsadi, which
 * Grafana writes as an upper-case `C`, is `c` here, names being lower case. Greek, Arabic, CJK and the rest have no
 * entry in Grafana's table, so none here.
 */
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', є: 'e', ё: 'jo', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'i',
  й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c',
  ч: 'ch', ш: 'sh', щ: 'sch', ъ: '-', ы: 'y', ь: '-', э: 'je', ю: 'ju', я: 'ja',
};

const HEBREW: Record<string, string> = {
  א: 'a', ב: 'b', ג: 'g', ד: 'd', ה: 'h', ו: 'v', ז: 'z', ח: 'h', ט: 't', י: 'i', ך: 'k', כ: 'k', ל: 'l', ם: 'm',
  מ: 'm', ן: 'n', נ: 'n', ס: 's', ע: 'e', ף: 'p', פ: 'p', ץ: 'c', צ: 'c', ק: 'q', ר: 'r', ש: 'w', ת: 't',
};

const LATIN_SPELLING: Record<string, string> = { ...CYRILLIC, ...HEBREW };
const TRANSLITERATED = new RegExp(`[${Object.keys(LATIN_SPELLING).join('')}]`, 'gu');

/**
 * Pure: `text` (already lower case) with each Cyrillic and Hebrew letter Grafana's slug knows spelled in Latin letters
 * (`метрики сервера` → `metriki servera`); everything else as it is. Run it before any Unicode normalisation: `й` and
 * `ё` decompose into another letter and a mark.
 */
export function transliterate(text: string): string {
  return text.replace(TRANSLITERATED, (letter) => LATIN_SPELLING[letter]!);
}
