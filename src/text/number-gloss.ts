// Korean figures and dates in English, for English readers of a Korean quote: "1억1300만 달러" →
// "113 million dollars", "30여 명" → "about 30 people", "지난 2월" → "last February". Each gloss is
// "<as written> = <in English>", in order of appearance, without repeats.

import { isNameOrdinal } from './name-ordinal';

const UNITS: Record<string, number> = { 조: 1e12, 억: 1e8, 만: 1e4, 천: 1e3 };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// What follows a figure: [Korean counter, English singular, plural]. Longest first.
const COUNTERS: [string, string, string][] = [
  ['달러', 'dollar', 'dollars'], ['유로', 'euro', 'euros'], ['파운드', 'pound', 'pounds'], ['위안', 'yuan', 'yuan'], ['엔', 'yen', 'yen'], ['원', 'won', 'won'],
  ['개월', 'month', 'months'], ['시간', 'hour', 'hours'], ['주일', 'week', 'weeks'], ['년간', 'year', 'years'],
  ['킬로미터', 'kilometre', 'kilometres'], ['미터', 'metre', 'metres'], ['킬로그램', 'kilogram', 'kilograms'], ['톤', 'tonne', 'tonnes'],
  ['비트', 'bit', 'bits'], ['바이트', 'byte', 'bytes'], ['퍼센트', 'percent', 'percent'], ['%', 'percent', 'percent'],
  ['명', 'person', 'people'], ['개국', 'country', 'countries'], ['개사', 'company', 'companies'], ['가지', 'kind', 'kinds'],
  ['개', 'unit', 'units'], ['대', 'unit', 'units'], ['건', 'case', 'cases'], ['권', 'volume', 'volumes'], ['편', 'work', 'works'],
  ['곳', 'place', 'places'], ['배', 'times', 'times'], ['차례', 'times', 'times'], ['번', 'times', 'times'], ['회', 'times', 'times'],
  ['세', 'years old', 'years old'], ['살', 'years old', 'years old'], ['위', 'place', 'place'], ['일', 'day', 'days'], ['년', 'year', 'years'],
];
const COUNTER_RE = COUNTERS.map(([k]) => k.replace('%', '%')).join('|');

// A figure: digits with Korean units (1억1300만, 3조 8000억, 30여, 약 2.5), then an optional counter.
const FIGURE = new RegExp(
  `(약\\s?|대략\\s?)?((?:\\d[\\d,]*(?:\\.\\d+)?\\s?[조억만천]\\s?)*\\d[\\d,]*(?:\\.\\d+)?\\s?[조억만천]?)(여|여\\s?)?\\s?(${COUNTER_RE})?(\\s?(?:이상|이하|미만|가량|정도|남짓))?`,
  'g',
);
const DATE = /(?:(\d{3,4})년\s?)?(\d{1,2})월(?:\s?(\d{1,2})일)?|(\d{3,4})년/g;
const RELATIVE = /(지난|올해|올|내년|작년|지난해|이듬해)\s?(\d{1,2})월/g;
const RELATIVE_EN: Record<string, string> = { 지난: 'last', 올해: 'this', 올: 'this', 내년: 'next', 작년: 'last', 지난해: 'last', 이듬해: 'the following' };

/** English glosses of the figures and dates in a Korean text. */
export function glossKoreanNumbers(text: string): string[] {
  const out: { at: number; gloss: string }[] = [];
  const taken: [number, number][] = [];
  const free = (a: number, b: number) => !taken.some(([x, y]) => a < y && x < b);
  const add = (at: number, len: number, written: string, english: string) => {
    if (!free(at, at + len)) return;
    taken.push([at, at + len]);
    out.push({ at, gloss: `${written.trim()} = ${english}` });
  };
  for (const m of text.matchAll(RELATIVE)) {
    add(m.index!, m[0].length, m[0], `${RELATIVE_EN[m[1]]} ${MONTHS[Number(m[2]) - 1] ?? m[2]}`);
  }
  for (const m of text.matchAll(DATE)) {
    const [all, y, mo, d, yearOnly] = m;
    // A year alone reads the same in English; only a year that ends a figure is kept (1998년 → 1998).
    if (yearOnly) {
      taken.push([m.index!, m.index! + all.length]);
      continue;
    }
    const month = MONTHS[Number(mo) - 1];
    if (!month || (d && (Number(d) < 1 || Number(d) > 31))) continue;
    const english = [d ? `${month} ${Number(d)}` : month, y].filter(Boolean).join(', ');
    add(m.index!, all.length, all, english);
  }
  for (const m of text.matchAll(FIGURE)) {
    const [, about, digits, approx, , bound] = m;
    let [all, , , , counter] = m;
    // A one-syllable counter must end the word (3명이, 5원을), not start another (3원칙, 2대회).
    const next = text[m.index! + all.length] ?? ' ';
    if (counter && counter.length === 1 && !bound && /[\uac00-\ud7a3]/.test(next) && !PARTICLE_START.test(next)) {
      all = all.slice(0, all.lastIndexOf(counter));
      counter = undefined as unknown as string;
    }
    // A bare number reads the same in English: gloss only what has a Korean unit, counter or "about".
    if (!/[조억만천]/.test(digits) && !counter && !approx && !about) continue;
    // Part of a longer word, code or number (PCC-772, 3.14): not a figure of its own.
    const before = text[m.index! - 1] ?? ' ';
    if (/[\d.\-A-Za-z]/.test(before)) continue;
    // A unit syllable that opens a word (PCC-772 천안, 3 만큼) is no unit.
    if (/[조억만천]$/.test(digits) && !counter && /[\uac00-\ud7a3]/.test(next) && !PARTICLE_START.test(next)) continue;
    // 루이 16세, 헤이그 2세: the name's ordinal, not an age (name-ordinal.ts).
    if (counter === '세' && isNameOrdinal(text, m.index! + (about ?? '').length)) continue;
    const value = parseKoreanNumber(digits);
    if (value === undefined) continue;
    // "2010년" is a year, "30년" a duration: a bare 년 after a number of 1000 or more names a year.
    if (counter === '년' && value >= 1000 && !/[조억만천]/.test(digits)) continue;
    const english = [
      about || approx ? 'about' : '',
      counter === '위' ? ordinal(value) : formatNumber(value),
      counter ? countWord(counter, value) : '',
      bound ? BOUND[bound.trim()] : '',
    ].filter(Boolean).join(' ');
    add(m.index!, all.length, all, english);
  }
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.at - b.at)
    .map((o) => o.gloss)
    .filter((g) => !seen.has(g) && (seen.add(g), true));
}

const PARTICLE_START = /[은는이가을를의에와과도로만씩째]/;

const BOUND: Record<string, string> = { 이상: 'or more', 이하: 'or fewer', 미만: '(less than)', 가량: '(roughly)', 정도: '(roughly)', 남짓: 'or a little more' };

function countWord(counter: string, value: number): string {
  const c = COUNTERS.find(([k]) => k === counter)!;
  return value === 1 ? c[1] : c[2];
}

/** 1억1300만 → 113000000; 3조 8000억 → 3.8e12; 2.5만 → 25000. */
export function parseKoreanNumber(s: string): number | undefined {
  const parts = [...s.replace(/\s/g, '').matchAll(/(\d[\d,]*(?:\.\d+)?)([조억만천])?/g)];
  if (!parts.length) return undefined;
  let total = 0;
  for (const [, n, unit] of parts) {
    const v = Number(n.replace(/,/g, ''));
    if (!Number.isFinite(v)) return undefined;
    total += v * (unit ? UNITS[unit] : 1);
  }
  return total;
}

/** 113000000 → "113 million"; 3800000000000 → "3.8 trillion"; 30000 → "30,000". */
export function formatNumber(v: number): string {
  const scales: [number, string][] = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million']];
  for (const [size, word] of scales) {
    if (v >= size) return `${trim(v / size)} ${word}`;
  }
  return Number.isInteger(v) ? v.toLocaleString('en-US') : trim(v);
}

function ordinal(v: number): string {
  const tens = v % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][v % 10] ?? 'th';
  return `${v}${suffix}`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(3)));
}
