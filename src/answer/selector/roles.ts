// What part a word plays in a sentence, read from its shape only (particles, word order, capitals),
// never from a topic: the topic a sentence is about (앤스로픽은 …, not a passing 앤스로픽과), the
// agent beside a verb or role word (…램플이 창업했다, CEO인 젠슨 황, founded by Larry Page), the term
// a sentence defines (소버린 AI란 …을 말한다, "A sovereign fund is …"). The selector pairs
// these with the question (features.ts): the subject of "구글은 앤스로픽에 얼마나 투자했어?" should be
// what the quote is about, "누가 창업했어" wants someone in the founder's slot.

const HANGUL = /[\uac00-\ud7a3]/;

// Words that point back or are adverbs: a topic-marked 이번/이들 is not a new subject.
const NOT_A_TOPIC = /^(이|그|저|이번|이러한|그러한|이런|그런|해당|당시|이들|그들|양사|또|또한|특히|현재|최근|한편|다만|이후|이에|이것|그것|것|수|때|점|중|데)$/;

/** A word without its parenthesised gloss and trailing punctuation: 코히어(Cohere)는 → 코히어는. */
function bare(word: string): string {
  return word.replace(/\([^)]*\)/g, '').replace(/^[\s"“‘'(「『]+|[\s"”’'),.:;」』]+$/g, '');
}

/**
 * Words the sentence marks as its topic or subject: Korean words with 은/는/이/가 (stem returned;
 * only 은/는 with `subjects: false`, since 이/가 also marks the subject of a clause: "고메즈가
 * 설립했으며"), English the words before its first verb-like word (at most six).
 */
export function topicWords(text: string, { subjects = true } = {}): string[] {
  if (HANGUL.test(text)) {
    const out: string[] = [];
    const marked = subjects ? /^([\p{L}\p{N}]{2,}?)(은|는|이|가)$/u : /^([\p{L}\p{N}]{2,}?)(은|는)$/u;
    for (const raw of text.split(/\s+/)) {
      const w = bare(raw);
      const m = marked.exec(w);
      if (m && !NOT_A_TOPIC.test(m[1])) out.push(m[1]);
    }
    return out;
  }
  const words = text.split(/\s+/).slice(0, 8);
  const out: string[] = [];
  for (const raw of words) {
    const w = bare(raw);
    if (/^(is|are|was|were|has|had|have|will|would|can|could|did|does|do|said|says|became|remains?|[a-z]+ed)$/.test(w)) break;
    // A lowercase word right after a name is its verb ("Halvorsen bought …").
    if (/^[a-z]/.test(w) && /^[A-Z]/.test(out[out.length - 1] ?? '') && out.length > 0 && !/^(the|an?)$/i.test(out[out.length - 1]) && !/^(of|and|de|von|van)$/.test(w)) break;
    if (out.length >= 6) break;
    out.push(w);
  }
  return out;
}

export interface RoleSlot {
  /** Who or what fills the slot. */
  agent: string;
  /** The verb or role word it fills (창업했다, CEO, founded). */
  role: string;
}

/**
 * Pairs of an agent and the verb or role beside it: "램플이 창업했다", "CEO인 젠슨", "founded by
 * Larry", "Mensch founded", "CEO Arthur". A "who" question is answered where its own verb or role
 * word has someone in that slot.
 */
export function roleSlots(text: string): RoleSlot[] {
  const out: RoleSlot[] = [];
  const words = text.split(/\s+/).map(bare).filter(Boolean);
  if (HANGUL.test(text)) {
    for (let i = 0; i + 1 < words.length; i++) {
      const subject = /^([\p{L}\p{N}]{2,}?)(이|가)$/u.exec(words[i]);
      if (subject && !NOT_A_TOPIC.test(subject[1])) out.push({ agent: subject[1], role: words[i + 1] });
      const role = /^([\p{L}\p{N}]{2,}?)(인|이자|으로는|로는)$/u.exec(words[i]);
      if (role) out.push({ agent: words[i + 1], role: role[1] });
    }
    return out;
  }
  for (let i = 0; i + 1 < words.length; i++) {
    if (/^by$/i.test(words[i]) && i > 0) {
      const name = /^[A-Z]/.test(words[i + 1]) ? words[i + 1] : /^the$/i.test(words[i + 1]) && /^[A-Z]/.test(words[i + 2] ?? '') ? words[i + 2] : undefined;
      if (name) for (const back of [1, 2]) if (i - back >= 0) out.push({ agent: name, role: words[i - back] });
    }
    if (/^[A-Z][\p{L}.'-]+$/u.test(words[i]) && /^[a-z]/.test(words[i + 1])) out.push({ agent: words[i], role: words[i + 1] });
    if (/^[A-Za-z]+$/.test(words[i]) && /^[A-Z][a-z]/.test(words[i + 1])) out.push({ agent: words[i + 1], role: words[i] });
  }
  return out;
}

/** The term a sentence opens by defining ("소버린 AI란 …을 말한다", "Sovereign AI is …"), if it does. */
export function definiendum(text: string): string | undefined {
  const t = text.trim();
  if (HANGUL.test(t)) {
    const strong = /^[\s"“‘'(]*(.{1,30}?)(이란|란|이라 함은|라 함은|이라는 것은|라는 것은)\s/.exec(t);
    if (strong) return bare(strong[1]);
    // "X는 …을 말한다/뜻한다/의미한다/가리킨다": a topic defined by its predicate.
    const plain = /^[\s"“‘'(]*([^\s]{1,20}(?:\s[^\s]{1,12})?)(은|는)\s/.exec(t);
    if (plain && /(말한다|뜻한다|의미한다|가리킨다|일컫는다|이르는 말이다|뜻하는 말이다|용어이다|개념이다)[.\s]*$/.test(t)) return bare(plain[1]);
    return undefined;
  }
  const m = /^(?:the |an? )?(.{1,40}?)\s(?:is|are|refers to|means|denotes|is defined as)\s(?:an?|the|any|one)?\b/i.exec(t);
  return m ? bare(m[1]) : undefined;
}

/** The question asks what a term means: 뜻/의미/정의, "X가 뭐야", "what is X". */
export function asksDefinition(question: string): boolean {
  const q = question.trim();
  return (
    /뜻|의미|정의|\bmean(s|ing)?\b|\bdefin/i.test(q) ||
    /^.{1,25}?(이란|란|은|는|이|가)\s*(정확히\s*)?(무엇|뭐|뭔)[가-힣]*\s*[?？]?$/.test(q) ||
    /^what (is|are) (an? |the )?[^?,]{1,40}\??$/i.test(q)
  );
}

// Adverbial particles before a contrastive 는 (최근에는, 파리에서는, 이로써는): a time or place, not a topic.
const ADVERBIAL = /(에|에서|에게|으로|로|와|과|까지|부터|보다|으로서|로서|에서도)$/;
// Connectives a sentence may open with before its topic (하지만 미스트랄AI는 …).
const CONNECTIVE = /^(하지만|그러나|그리고|또|또한|특히|한편|다만|이에|이후|현재|최근|이처럼|따라서|그래서|결국|실제로|반면|이어)$/;

/**
 * The topic a Korean sentence opens with (미스트랄AI는 2023년 … 설립된 …, 하지만 미스트랄AI는 …),
 * when it names one of its own: not a word pointing back (이 회사는), not a time or place (최근에는).
 * A sentence that drops its topic goes on about the one named before and has none.
 */
export function openingTopic(text: string): string | undefined {
  if (!HANGUL.test(text)) return undefined;
  const words = text.trim().split(/\s+/).map(bare).filter(Boolean);
  let i = 0;
  while (i < words.length && CONNECTIVE.test(words[i])) i++;
  // 이 회사는, 그 기업은: the one named before, not a topic of its own.
  if (NOT_A_TOPIC.test(words[i] ?? '')) return undefined;
  // A one-word topic, or a name of two words (알레프 알파는, 프랑스의 미스트랄AI는).
  for (const j of [i, i + 1]) {
    const m = /^([\p{L}\p{N}]{2,}?)(은|는)$/u.exec(words[j] ?? '');
    if (!m) continue;
    if (NOT_A_TOPIC.test(m[1]) || ADVERBIAL.test(m[1])) return undefined;
    return m[1];
  }
  return undefined;
}

/**
 * A Korean sentence that marks no topic of its own with 은/는 (전직 구글 연구원인 아이단 고메즈가
 * 설립했으며 …, 최근에는 … ‘아야’를 출시한 바 있다): it goes on about the topic named before it, as
 * Korean drops a subject it has already named. A time or place 는 (최근에는, 파리에서는) is no topic.
 */
export function dropsTopic(text: string): boolean {
  return HANGUL.test(text) && !topicWords(text, { subjects: false }).some((w) => !ADVERBIAL.test(w));
}
