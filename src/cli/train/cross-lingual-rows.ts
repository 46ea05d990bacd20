// Training rows for the cross-language models. No public set pairs English questions with Korean
// passages at scale, and the same-language rows cannot teach what matters across languages (how
// much of the question reached the Korean text, whether the name found by sound is in the chosen
// sentence): their translated and sound-matched concepts do not exist. So each Korean question of
// the training articles is turned into the English-like question a user would type: its question
// word in English, its words the lexicon knows in English (감독 → director), the words of the
// article's title romanized as a name (라라랜드 → Lalalaendeu, matched back by sound as a real name
// would be), and its other words as placeholders that reach nothing, as an English word with no
// way into the Korean text does. These go through the same retrieval, sound matching
// and translation as a live English question; the labels stay the Korean gold answers.
import derived from '../../retrieval/translation/en-ko.json' with { type: 'json' };
import written from '../../retrieval/translation/fact-words.json' with { type: 'json' };
import { romanizeHangul } from '../../text/romanize';
import type { QaItem } from './dataset';

const PARTICLES = ['에서는', '에서', '에게', '께서', '으로', '이라는', '라는', '이란', '란', '까지', '부터', '보다', '처럼', '과', '와', '은', '는', '이', '가', '을', '를', '의', '에', '로', '도', '만'];
/**
 * The English question word for what the Korean one asks, as specific as an English asker would be:
 * "몇 살" is "How old", not "How many", and "순위" is "What rank", so the rows carry the same asked
 * kind (answer-type.ts, attributes.ts askedFigure) as real English questions and the answer-type
 * features mean the same on both. More specific forms come first.
 */
const WH: [RegExp, string][] = [
  [/몇\s*(살|세(?!기))|나이/, 'How old'],
  [/몇\s*(위|등(?!급)|번째)|순위/, 'What rank'],
  [/몇\s*(퍼센트|%|프로)|비율/, 'What percentage'],
  [/몇\s*(년|개월|주|일|시간|분)\s*(동안|간|만에)|얼마나\s*(오래|걸)|기간/, 'How long'],
  [/언제|몇\s*년|몇\s*월|며칠/, 'When'],
  [/연도|년도/, 'What year'],
  [/얼마/, 'How much'],
  [/몇/, 'How many'],
  [/누구|누가|인물|사람은/, 'Who'],
  [/어느\s*나라|국가는/, 'Which country'],
  [/어느\s*도시/, 'Which city'],
  [/어디|어느\s*(곳|지역)|장소/, 'Where'],
  [/이름|명칭/, 'What is the name of'],
];
/** Words that only ask (무엇, 어떤; the asked kind the question word above already says: 나이, 연도) or end the question (인가, 했나): nothing to translate. */
const ASKING = /^(무엇|무슨|어떤|어느|누구|누가|언제|어디|몇|얼마|뭐|인가|했나|였나|하였나|되었나|인지|이름|명칭|나이|순위|비율|기간|연도|년도|것은|것)/;

/** English-looking words no lexicon or sound match takes into Korean. */
const UNREACHABLE = ['lorem', 'ipsum', 'dolor', 'amet', 'tempor', 'magna', 'aliqua', 'veniam'];

let reverse: Map<string, string> | undefined;

/** Korean stem → an English word for it, the project's own list first (감독 → director). */
function englishFor(stem: string): string | undefined {
  if (!reverse) {
    reverse = new Map();
    for (const src of [written.words, derived.words] as Record<string, string[]>[]) {
      for (const [en, kos] of Object.entries(src)) for (const k of kos) if (!reverse.has(k)) reverse.set(k, en);
    }
    // A verb stem conjugates its last syllable (태어나 → 태어난, 태어났다): its head finds those too.
    for (const [k, en] of [...reverse]) if (k.length >= 3 && !reverse.has(k.slice(0, -1))) reverse.set(k.slice(0, -1), en);
  }
  for (let n = stem.length; n >= 2; n--) {
    const en = reverse.get(stem.slice(0, n));
    if (en) return en;
  }
  return undefined;
}

function stripParticle(word: string): string {
  for (const p of PARTICLES) if (word.length > p.length + 1 && word.endsWith(p)) return word.slice(0, -p.length);
  return word;
}

/** The English-like form of a Korean question about an article titled `title`; undefined when nothing is left of it. */
export function englishLike(question: string, title: string): string | undefined {
  const wh = WH.find(([re]) => re.test(question))?.[1] ?? 'What';
  const titleWords = new Set(title.split(/[\s()（）]+/).filter((w) => /[\uac00-\ud7a3]{2,}/.test(w)));
  const out: string[] = [];
  for (const raw of question.replace(/[?？.,!'"“”‘’《》<>()「」]/g, ' ').split(/\s+/)) {
    if (!raw || ASKING.test(raw)) continue;
    const digits = raw.match(/^\d[\d,.]*/);
    if (digits) {
      out.push(digits[0]);
      continue;
    }
    if (!/[\uac00-\ud7a3]/.test(raw)) {
      out.push(raw);
      continue;
    }
    const stem = stripParticle(raw);
    if ([...titleWords].some((t) => stem.startsWith(t) || t.startsWith(stem))) {
      const latin = romanizeHangul(stem);
      out.push(latin.charAt(0).toUpperCase() + latin.slice(1));
      continue;
    }
    // A word the lexicon lacks stands for an English word with no way into the Korean text: a
    // placeholder that reaches nothing, so the row shows how much of the question was left behind.
    const en = englishFor(stem);
    out.push(en ?? UNREACHABLE[out.length % UNREACHABLE.length]);
  }
  if (!out.some((w) => /^[A-Z]/.test(w))) return undefined;
  return `${wh} ${out.join(' ')}?`;
}

/** Cross-language versions of Korean questions (the titles come from each article's first `# ` line). */
export function crossLingualItems(items: QaItem[], titleOf: (doc: string) => string): QaItem[] {
  const out: QaItem[] = [];
  for (const item of items) {
    const q = englishLike(item.question, titleOf(item.doc));
    if (q) out.push({ ...item, id: `xl-${item.id}`, question: q });
  }
  return out;
}
