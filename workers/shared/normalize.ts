// Text normalisation for comparing words: casing, punctuation, digits vs. spelled-out numbers, titles and
// contractions made equal. Pure. The transcriber uses it to recognise known hallucinations and prompt echoes;
// WER scoring (src/eval/wer.ts) uses the same rules.

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Array<[number, string]> = [
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
];
/** Words that can follow "hundred and" / "thousand and" in a spelled number. */
const NUMBER_WORDS = new Set([...ONES.slice(1), ...TENS.slice(2)]);

/** Irregular ordinal endings; everything else just gets "th". */
const ORDINAL: Record<string, string> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

const ABBREVIATIONS: Record<string, string> = { mr: 'mister', mrs: 'missus', dr: 'doctor' };

/** Contractions whose expansion isn't covered by the generic suffix rules. */
const SPECIAL_CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'cannot'],
  [/\bshan't\b/g, 'shall not'],
  [/\bain't\b/g, 'aint'],
  [/\blet's\b/g, 'let us'],
  // "'s" is only expanded after pronouns; elsewhere it is a possessive.
  [/\b(it|that|what|there|here|he|she|where|who|how)'s\b/g, '$1 is'],
];

/** Generic suffixes, applied after the special cases. */
const CONTRACTION_SUFFIXES: Array<[RegExp, string]> = [
  [/(\w)n't\b/g, '$1 not'],
  [/(\w)'ll\b/g, '$1 will'],
  [/(\w)'ve\b/g, '$1 have'],
  [/(\w)'re\b/g, '$1 are'],
  [/(\w)'d\b/g, '$1 would'],
  [/\bi'm\b/g, 'i am'],
];

/** Cardinal number in words, without "and" ("one hundred five"). */
function cardinal(n: number): string {
  if (n < 20) return ONES[n];
  if (n < 100) return n % 10 ? `${TENS[Math.floor(n / 10)]} ${ONES[n % 10]}` : TENS[n / 10];
  if (n < 1000) {
    const rest = n % 100;
    return `${ONES[Math.floor(n / 100)]} hundred${rest ? ` ${cardinal(rest)}` : ''}`;
  }
  for (const [value, name] of SCALES) {
    if (n >= value) {
      const rest = n % value;
      return `${cardinal(Math.floor(n / value))} ${name}${rest ? ` ${cardinal(rest)}` : ''}`;
    }
  }
  return ONES[0]; // unreachable: n >= 1000 always matches a scale
}

/** Read a 4-digit year as two pairs: 1813 -> "eighteen thirteen", 1905 -> "nineteen oh five". */
function year(n: number): string {
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (lo === 0) return `${cardinal(hi)} hundred`;
  return `${cardinal(hi)} ${lo < 10 ? `oh ${ONES[lo]}` : cardinal(lo)}`;
}

/** Digits to words; plain 4-digit numbers in year ranges are read as years. */
function numberWords(digits: string, grouped: boolean): string {
  if (digits.length > 12)
    return digits
      .split('')
      .map((d) => ONES[Number(d)])
      .join(' ');
  const n = Number(digits);
  const isYear = !grouped && digits.length === 4 && ((n >= 1100 && n <= 1999) || (n >= 2010 && n <= 2099));
  return isYear ? year(n) : cardinal(n);
}

function ordinal(words: string): string {
  const parts = words.split(' ');
  const last = parts[parts.length - 1];
  parts[parts.length - 1] = ORDINAL[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return parts.join(' ');
}

function expandNumbers(s: string): string {
  return (
    s
      // Decimals: "3.14" -> "three point one four".
      .replace(
        /\b(\d+)\.(\d+)\b/g,
        (_, int: string, frac: string) =>
          `${numberWords(int, true)} point ${frac
            .split('')
            .map((d) => ONES[Number(d)])
            .join(' ')}`,
      )
      // Ordinals: "15th" -> "fifteenth", "1,000th" -> "one thousandth".
      .replace(/\b(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th)\b/g, (_, num: string) => ` ${ordinal(numberWords(num.replace(/,/g, ''), true))} `)
      // Thousands separators mark counts, never years.
      .replace(/\b\d{1,3}(?:,\d{3})+\b/g, (num) => ` ${numberWords(num.replace(/,/g, ''), true)} `)
      .replace(/\d+/g, (num) => ` ${numberWords(num, false)} `)
  );
}

export function normalizeText(s: string): string {
  let t = s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/%/g, ' percent ')
    .replace(/&/g, ' and ')
    // Hyphens and dashes separate words: "twenty-one" == "twenty one".
    .replace(/[-\u2010-\u2015]/g, ' ');
  for (const [re, rep] of SPECIAL_CONTRACTIONS) t = t.replace(re, rep);
  for (const [re, rep] of CONTRACTION_SUFFIXES) t = t.replace(re, rep);
  t = expandNumbers(t)
    // Remaining apostrophes are possessives or quotes: "john's" -> "johns".
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ');

  const out: string[] = [];
  for (const w of t.split(/\s+/)) {
    if (!w) continue;
    // Spelled numbers may say "one hundred and five"; digits expand without
    // "and", so drop it between a scale word and a following number word.
    if (NUMBER_WORDS.has(w) && out[out.length - 1] === 'and') {
      const before = out[out.length - 2];
      if (before === 'hundred' || before === 'thousand') out.pop();
    }
    out.push(ABBREVIATIONS[w] ?? w);
  }
  return out.join(' ');
}
