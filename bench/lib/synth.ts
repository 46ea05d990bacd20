// Synthetic mixed Korean/English knowledge base with planted facts. Fixed-seed PRNG: the same
// arguments always write byte-identical files, so two runs (or two machines) measure the same corpus.
//
// Every document is front matter + SECTIONS_PER_DOC "## " sections whose text stays under the chunk
// size, so one section is exactly one chunk and "N chunks" means N chunks. Planted facts: each of the
// fictional companies gets one fact per kind (founded, funding, employees, product, ceo) in five
// different sections; one of them is asked about, the other four are same-name distractors.
// Harder questions (their own companies, drawn from a second PRNG so the plain ones stay as they
// were): paraphrased (the question shares no content word with the fact sentence, only synonyms a
// user would pick), a shared name (the company is also mentioned in dozens of other chunks, so the
// name alone finds nothing) and a distractor fact (a sixth sentence about the same company uses the
// question's words for something else: a lab it founded, money it invested, staff it plans to hire).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const SECTIONS_PER_DOC = 50;
const SECTION_MAX = 640; // heading + body; under the 700-char default chunk size

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

export type FactKind = 'founded' | 'funding' | 'employees' | 'product' | 'ceo';
/** How hard a planted question is (see the header). */
export type QuestionVariant = 'plain' | 'paraphrase' | 'shared-name' | 'distractor';
export const VARIANTS: QuestionVariant[] = ['plain', 'paraphrase', 'shared-name', 'distractor'];
const KINDS: FactKind[] = ['founded', 'funding', 'employees', 'product', 'ceo'];

export interface PlantedQuestion {
  id: string;
  lang: 'ko' | 'en';
  question: string;
  /** The exact sentence planted in the corpus that answers the question. */
  sentence: string;
  /** Document the sentence was written into. */
  docId: string;
  /** The value an answer must contain (city, amount, name...). */
  expect: string;
  kind: FactKind;
  variant: QuestionVariant;
}

export interface SynthResult {
  documents: number;
  sections: number;
  bytes: number;
  questions: PlantedQuestion[];
}

// --- vocabulary -----------------------------------------------------------------------------------

interface Entity {
  ko: string;
  en: string;
}

/** Organisation and place names of the seed glossary: the filler talks about the real market. */
export function glossaryVocabulary(glossaryFile: string): { orgs: Entity[]; places: Entity[] } {
  const data = parse(fs.readFileSync(glossaryFile, 'utf8')) as Record<string, string[][]>;
  const split = (list: string[][] = []): Entity[] =>
    list
      .map((names) => ({ ko: names.find((n) => /[\uac00-\ud7a3]/.test(n)) ?? names[0], en: names.find((n) => !/[\uac00-\ud7a3]/.test(n)) ?? names[0] }))
      .filter((e) => e.ko && e.en);
  return { orgs: split(data.organizations), places: split(data.places) };
}

const CITIES: Entity[] = [
  { ko: '리스본', en: 'Lisbon' }, { ko: '베를린', en: 'Berlin' }, { ko: '토론토', en: 'Toronto' }, { ko: '서울', en: 'Seoul' },
  { ko: '판교', en: 'Pangyo' }, { ko: '뮌헨', en: 'Munich' }, { ko: '취리히', en: 'Zurich' }, { ko: '헬싱키', en: 'Helsinki' },
  { ko: '바르셀로나', en: 'Barcelona' }, { ko: '싱가포르', en: 'Singapore' }, { ko: '도쿄', en: 'Tokyo' }, { ko: '런던', en: 'London' },
  { ko: '암스테르담', en: 'Amsterdam' }, { ko: '스톡홀름', en: 'Stockholm' }, { ko: '몬트리올', en: 'Montreal' }, { ko: '부산', en: 'Busan' },
  { ko: '밀라노', en: 'Milan' }, { ko: '텔아비브', en: 'Tel Aviv' }, { ko: '방갈로르', en: 'Bangalore' }, { ko: '오스틴', en: 'Austin' },
];

const KO_FILLER = (
  '시장 경쟁 기술 투자 전략 정부 규제 데이터 모델 성능 비용 고객 서비스 플랫폼 인프라 반도체 클라우드 연구 개발 인력 ' +
  '생태계 협력 제휴 성장 매출 수익 점유율 분석 전망 보고서 산업 혁신 정책 지원 주권 안보 언어 학습 추론 파라미터 ' +
  '오픈소스 라이선스 평가 벤치마크 검색 챗봇 기업용 솔루션 글로벌 유럽 북미 아시아 확대 강화 발표 공개 도입 활용'
).split(' ');
const KO_ENDINGS = ['이 늘고 있다', '을 강조했다', '에 주목하고 있다', '이 중요해지고 있다', '을 발표했다', '이 이어지고 있다', '을 검토 중이다'];

const EN_FILLER = (
  'market competition technology investment strategy government regulation data model performance cost customer service ' +
  'platform infrastructure semiconductor cloud research development talent ecosystem partnership growth revenue profit share ' +
  'analysis outlook report industry innovation policy support sovereignty security language training inference parameters ' +
  'open-source license evaluation benchmark search chatbot enterprise solution global Europe Asia expansion launch adoption'
).split(' ');

const KO_SYLLABLES = '벨트젠카노미라솔데바루키토하세온펠쿠렌시모자헤브퀸드레비오'.split('');
const EN_SYLLABLES = ['vel', 'tor', 'zen', 'kar', 'nov', 'mir', 'sol', 'dex', 'bar', 'lux', 'quin', 'fen', 'ryn', 'tav', 'oxi', 'pra', 'gel', 'hal', 'syn', 'drav'];
const SURNAMES = '김이박최정강조윤장임한오서신권황안송류홍'.split('');
const GIVEN = '서연민준지호하은도윤수아예준시우지아현우채원건우유진'.split('');
const EN_FIRST = ['Clara', 'Jonas', 'Amara', 'Felix', 'Nadia', 'Hugo', 'Iris', 'Mateo', 'Selin', 'Oskar', 'Lena', 'Ravi'];
const EN_LAST = ['Varga', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Brennan', 'Costa', 'Hale', 'Quist', 'Ferreira', 'Ibsen'];

function hasBatchim(word: string): boolean {
  const c = word.charCodeAt(word.length - 1);
  if (c < 0xac00 || c > 0xd7a3) return false;
  return (c - 0xac00) % 28 !== 0;
}
const eunNeun = (w: string) => w + (hasBatchim(w) ? '은' : '는');
const iGa = (w: string) => w + (hasBatchim(w) ? '이' : '가');

// --- facts ----------------------------------------------------------------------------------------

interface Fact {
  kind: FactKind;
  sentence: string;
  question: string;
  expect: string;
}

function koFact(r: Rng, x: string, kind: FactKind, investors: Entity[], product: string): Fact {
  switch (kind) {
    case 'founded': {
      const city = pick(r, CITIES).ko;
      return { kind, sentence: `${eunNeun(x)} ${int(r, 2009, 2024)}년 ${city}에서 설립된 AI 스타트업이다.`, question: `${iGa(x)} 설립된 도시는 어디야?`, expect: city };
    }
    case 'funding': {
      const amount = `${int(r, 2, 95)}억 ${int(r, 1, 9)}000만`;
      return { kind, sentence: `${eunNeun(x)} ${pick(r, investors).ko}로부터 ${amount} 달러를 투자받았다.`, question: `${iGa(x)} 투자받은 금액은 얼마야?`, expect: amount };
    }
    case 'employees': {
      const n = `${int(r, 12, 4800)}명`;
      return { kind, sentence: `${x}의 직원 수는 ${n}이다.`, question: `${x} 직원은 몇 명이야?`, expect: n };
    }
    case 'product':
      return { kind, sentence: `${eunNeun(x)} ${int(r, 2019, 2025)}년 '${product}'라는 대형언어모델을 출시했다.`, question: `${iGa(x)} 출시한 모델 이름이 뭐야?`, expect: product };
    case 'ceo': {
      const person = pick(r, SURNAMES) + pick(r, GIVEN) + pick(r, GIVEN);
      return { kind, sentence: `${x}의 최고경영자는 ${person}이다.`, question: `${x}의 CEO는 누구야?`, expect: person };
    }
  }
}

function enFact(r: Rng, x: string, kind: FactKind, investors: Entity[], product: string): Fact {
  switch (kind) {
    case 'founded': {
      const city = pick(r, CITIES).en;
      return { kind, sentence: `${x} was founded in ${int(r, 2009, 2024)} in ${city} as an AI startup.`, question: `Where was ${x} founded?`, expect: city };
    }
    case 'funding': {
      const amount = `$${int(r, 3, 950)} million`;
      return { kind, sentence: `${x} raised ${amount} from ${pick(r, investors).en} in its latest round.`, question: `How much funding did ${x} raise?`, expect: amount };
    }
    case 'employees': {
      const n = String(int(r, 12, 4800));
      return { kind, sentence: `${x} has ${n} employees across its offices.`, question: `How many employees does ${x} have?`, expect: n };
    }
    case 'product':
      return { kind, sentence: `In ${int(r, 2019, 2025)}, ${x} released a large language model called ${product}.`, question: `What model did ${x} release?`, expect: product };
    case 'ceo': {
      const person = `${pick(r, EN_FIRST)} ${pick(r, EN_LAST)}`;
      return { kind, sentence: `The chief executive of ${x} is ${person}.`, question: `Who is the CEO of ${x}?`, expect: person };
    }
  }
}

// --- harder questions ---------------------------------------------------------------------------

/** The question in other words: only the company name is shared with the fact sentence. */
function paraphrase(lang: 'ko' | 'en', x: string, kind: FactKind): string {
  if (lang === 'ko') {
    return {
      founded: `${x}의 창업 도시는 어디야?`,
      funding: `${eunNeun(x)} 자금을 얼마나 유치했어?`,
      employees: `${x}에서 일하는 인력은 몇 명이야?`,
      product: `${iGa(x)} 선보인 LLM 이름은?`,
      ceo: `${x}를 이끄는 사람은 누구야?`,
    }[kind];
  }
  return {
    founded: `In which city did ${x} start out?`,
    funding: `How much money have investors put into ${x}?`,
    employees: `How large is the workforce at ${x}?`,
    product: `Which LLM has ${x} shipped?`,
    ceo: `Who runs ${x}?`,
  }[kind];
}

/** A sentence about the same company, with the question's words, that does not answer it. */
function nearMiss(r: Rng, lang: 'ko' | 'en', x: string, kind: FactKind, investors: Entity[], product: string): string {
  const city = pick(r, CITIES);
  const org = pick(r, investors);
  if (lang === 'ko') {
    return {
      founded: `${eunNeun(x)} ${int(r, 2015, 2025)}년 ${city.ko}에 연구소를 설립했다.`,
      funding: `${eunNeun(x)} ${org.ko}에 ${int(r, 1, 9)}000만 달러를 투자했다.`,
      employees: `${eunNeun(x)} 내년까지 직원 ${int(r, 10, 900)}명을 더 채용할 계획이다.`,
      product: `${eunNeun(x)} '${product}'라는 모델의 출시를 연기했다.`,
      ceo: `${x}의 전 최고경영자는 ${pick(r, SURNAMES) + pick(r, GIVEN) + pick(r, GIVEN)}이다.`,
    }[kind];
  }
  return {
    founded: `${x} founded a research lab in ${city.en} in ${int(r, 2015, 2025)}.`,
    funding: `${x} invested $${int(r, 1, 90)} million in ${org.en}.`,
    employees: `${x} plans to hire ${int(r, 10, 900)} more employees next year.`,
    product: `${x} delayed the release of a model called ${product}.`,
    ceo: `The former chief executive of ${x} is ${pick(r, EN_FIRST)} ${pick(r, EN_LAST)}.`,
  }[kind];
}

/** A passing mention of a company: it makes the name common without saying anything asked about. */
function mention(r: Rng, lang: 'ko' | 'en', x: string): string {
  return lang === 'ko'
    ? `업계는 ${x}의 ${pick(r, KO_FILLER)} ${pick(r, KO_FILLER)} 행보에 주목하고 있다.`
    : `Analysts follow ${x}'s ${pick(r, EN_FILLER)} ${pick(r, EN_FILLER)} plans closely.`;
}

// --- filler ---------------------------------------------------------------------------------------

function koSentence(r: Rng, orgs: Entity[], places: Entity[]): string {
  const o = pick(r, orgs).ko;
  switch (int(r, 0, 5)) {
    case 0:
      return `${eunNeun(o)} ${int(r, 1998, 2024)}년 ${pick(r, CITIES).ko}에서 설립된 스타트업이다.`;
    case 1:
      return `${eunNeun(o)} ${pick(r, orgs).ko}로부터 ${int(r, 1, 99)}억 달러를 투자받았다.`;
    case 2:
      return `${pick(r, places).ko}의 ${pick(r, KO_FILLER)} ${pick(r, KO_FILLER)}에서 ${eunNeun(o)} ${int(r, 2, 40)}%의 점유율을 기록했다.`;
    case 3:
      return `${o}의 직원은 ${int(r, 10, 90_000)}명 수준으로 알려졌다.`;
    default: {
      const words = Array.from({ length: int(r, 4, 7) }, () => pick(r, KO_FILLER)).join(' ');
      return `${words}${pick(r, KO_ENDINGS)}.`;
    }
  }
}

function enSentence(r: Rng, orgs: Entity[], places: Entity[]): string {
  const o = pick(r, orgs).en;
  switch (int(r, 0, 5)) {
    case 0:
      return `${o} was founded in ${int(r, 1998, 2024)} in ${pick(r, CITIES).en} as a startup.`;
    case 1:
      return `${o} raised $${int(r, 1, 99)} billion from ${pick(r, orgs).en}.`;
    case 2:
      return `In ${pick(r, places).en}, ${o} holds a ${int(r, 2, 40)}% share of the ${pick(r, EN_FILLER)} ${pick(r, EN_FILLER)} market.`;
    case 3:
      return `${o} is reported to have about ${int(r, 10, 90_000)} employees.`;
    default: {
      const words = Array.from({ length: int(r, 6, 10) }, () => pick(r, EN_FILLER)).join(' ');
      return words.charAt(0).toUpperCase() + words.slice(1) + '.';
    }
  }
}

// --- corpus ---------------------------------------------------------------------------------------

function uniqueNames(r: Rng, n: number, syllables: readonly string[], parts: [number, number], join: (p: string[]) => string, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const name = join(Array.from({ length: int(r, parts[0], parts[1]) }, () => pick(r, syllables)));
    const low = name.toLowerCase();
    if (taken.has(low) || [...taken].some((t) => t.includes(low) || low.includes(t))) continue;
    taken.add(low);
    out.push(name);
  }
  return out;
}

/**
 * Writes `chunks / SECTIONS_PER_DOC` documents (plus a copy of the seed glossary) into `dir` and returns
 * `questionCount` plain planted questions, half Korean, half English, plus a fifth as many of each
 * harder variant (none with `hard: false`).
 */
export function writeSyntheticCorpus(dir: string, opts: { chunks: number; questionCount: number; glossaryFile: string; seed?: number; hard?: boolean }): SynthResult {
  const r = mulberry32(opts.seed ?? 20240601);
  const { orgs, places } = glossaryVocabulary(opts.glossaryFile);
  const docs = Math.max(1, Math.round(opts.chunks / SECTIONS_PER_DOC));
  const docLang: ('ko' | 'en')[] = Array.from({ length: docs }, () => (r() < 0.6 ? 'ko' : 'en'));

  const companies = opts.questionCount;
  const taken = new Set<string>();
  const half = Math.ceil(companies / 2);
  const koNames = uniqueNames(r, half, KO_SYLLABLES, [3, 4], (p) => p.join(''), taken);
  const enNames = uniqueNames(r, companies - half, EN_SYLLABLES, [2, 3], (p) => { const s = p.join(''); return s[0].toUpperCase() + s.slice(1); }, taken);
  const products = uniqueNames(r, companies, EN_SYLLABLES, [2, 2], (p) => `${p[0][0].toUpperCase()}${p[0].slice(1)}${p[1]}-${int(r, 2, 99)}`, taken);

  // Slots: (doc, section) → planted sentences. Each company's five facts go to five distinct sections of its language.
  const planted = new Map<string, string[]>();
  const used = new Set<string>();
  const byLang = { ko: docLang.flatMap((l, d) => (l === 'ko' ? [d] : [])), en: docLang.flatMap((l, d) => (l === 'en' ? [d] : [])) };
  const questions: PlantedQuestion[] = [];
  const poolOf = (lang: 'ko' | 'en') => (byLang[lang].length ? byLang[lang] : docLang.map((_, d) => d));
  const freeSlot = (rng: Rng, lang: 'ko' | 'en'): string => {
    const pool = poolOf(lang);
    let slot: string;
    do slot = `${pick(rng, pool)}/${int(rng, 0, SECTIONS_PER_DOC - 1)}`;
    while (used.has(slot));
    used.add(slot);
    return slot;
  };
  for (let c = 0; c < companies; c++) {
    const lang: 'ko' | 'en' = c < half ? 'ko' : 'en';
    const name = lang === 'ko' ? koNames[c] : enNames[c - half];
    const target = KINDS[c % KINDS.length];
    for (const kind of KINDS) {
      const fact = (lang === 'ko' ? koFact : enFact)(r, name, kind, orgs, products[c]);
      const slot = freeSlot(r, lang);
      planted.set(slot, [fact.sentence]);
      if (kind === target) {
        const doc = Number(slot.split('/')[0]);
        questions.push({ id: `${lang}-${String(c).padStart(3, '0')}`, lang, question: fact.question, sentence: fact.sentence, docId: docFile(doc), expect: fact.expect, kind, variant: 'plain' });
      }
    }
  }

  // Harder questions: companies of their own from a second PRNG, so the plain corpus keeps its names,
  // facts and slots. Per variant a fifth as many as plain questions, half Korean, half English.
  const h = mulberry32((opts.seed ?? 20240601) ^ 0x5eed);
  const perVariant = opts.hard === false ? 0 : Math.max(2, Math.round(companies / 5));
  const totalSlots = docs * SECTIONS_PER_DOC;
  for (const variant of VARIANTS.filter((v) => v !== 'plain')) {
    const koHalf = Math.ceil(perVariant / 2);
    const hk = uniqueNames(h, koHalf, KO_SYLLABLES, [3, 4], (p) => p.join(''), taken);
    const he = uniqueNames(h, perVariant - koHalf, EN_SYLLABLES, [2, 3], (p) => { const s = p.join(''); return s[0].toUpperCase() + s.slice(1); }, taken);
    const hp = uniqueNames(h, perVariant * 2, EN_SYLLABLES, [2, 2], (p) => `${p[0][0].toUpperCase()}${p[0].slice(1)}${p[1]}-${int(h, 2, 99)}`, taken);
    for (let c = 0; c < perVariant; c++) {
      const lang: 'ko' | 'en' = c < koHalf ? 'ko' : 'en';
      const name = lang === 'ko' ? hk[c] : he[c - koHalf];
      const target = KINDS[c % KINDS.length];
      for (const kind of KINDS) {
        const fact = (lang === 'ko' ? koFact : enFact)(h, name, kind, orgs, hp[2 * c]);
        const slot = freeSlot(h, lang);
        planted.set(slot, [fact.sentence]);
        if (kind !== target) continue;
        const question = variant === 'paraphrase' ? paraphrase(lang, name, kind) : fact.question;
        questions.push({ id: `${variant}-${lang}-${String(c).padStart(3, '0')}`, lang, question, sentence: fact.sentence, docId: docFile(Number(slot.split('/')[0])), expect: fact.expect, kind, variant });
        if (variant === 'distractor') planted.set(freeSlot(h, lang), [nearMiss(h, lang, name, kind, orgs, hp[2 * c + 1])]);
      }
      // 30 passing mentions (fewer in a small corpus): the name is in 35 chunks, not 5.
      if (variant === 'shared-name') for (let m = 0; m < 30 && used.size < totalSlots * 0.6; m++) planted.set(freeSlot(h, lang), [mention(h, lang, name)]);
    }
  }

  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(opts.glossaryFile, path.join(dir, '_glossary.yml'));
  let bytes = 0;
  for (let d = 0; d < docs; d++) {
    const lang = docLang[d];
    const topic = pick(r, orgs);
    const title = lang === 'ko' ? `${topic.ko} 시장 동향 ${d + 1}` : `${topic.en} market notes ${d + 1}`;
    const parts = [`---\ntitle: "${title}"\nlanguage: ${lang}\n---\n\n`];
    for (let s = 0; s < SECTIONS_PER_DOC; s++) {
      const heading = `## ${lang === 'ko' ? `${pick(r, orgs).ko} ${pick(r, KO_FILLER)}` : `${pick(r, orgs).en} ${pick(r, EN_FILLER)}`} ${s + 1}\n\n`;
      const fixed = planted.get(`${d}/${s}`) ?? [];
      const sentences: string[] = [];
      const budget = SECTION_MAX - heading.length - 2 - fixed.reduce((n, x) => n + x.length + 1, 0);
      const goal = budget - int(r, 0, 90);
      let len = 0;
      for (;;) {
        const next = lang === 'ko' ? koSentence(r, orgs, places) : enSentence(r, orgs, places);
        if (len + next.length + 1 > goal) break;
        sentences.push(next);
        len += next.length + 1;
      }
      // The planted sentence goes somewhere inside the paragraph, not always first.
      for (const f of fixed) sentences.splice(int(r, 0, sentences.length), 0, f);
      parts.push(heading, sentences.join(' '), '\n\n');
    }
    const text = parts.join('');
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(dir, docFile(d)), text);
  }
  return { documents: docs, sections: docs * SECTIONS_PER_DOC, bytes, questions };
}

function docFile(d: number): string {
  return `doc-${String(d).padStart(5, '0')}.md`;
}
