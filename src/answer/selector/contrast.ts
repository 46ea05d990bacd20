// SQuAD-style look-alike questions change one word of the sentence into its opposite (most → least,
// before → after, increase → decrease): the question then matches the text almost word for word and
// is still not answered by it. The opposites come from WordNet's antonym pairs (contrast-words.json,
// derived by scripts/contrast-words-from-wordnet.mjs; source and license inside), plus the few
// function words WordNet leaves out.
import lexicon from './contrast-words.json' with { type: 'json' };

const EXTRA = ['after before', 'above below', 'over under', 'inside outside', 'with without', 'fewer more', 'earlier later', 'earliest latest', 'first last', 'lower upper', 'maximum minimum'];

const opposites = new Map<string, Set<string>>();
for (const p of [...(lexicon as { pairs: string[] }).pairs, ...EXTRA]) {
  const [a, b] = p.split(' ');
  if (!opposites.has(a)) opposites.set(a, new Set());
  if (!opposites.has(b)) opposites.set(b, new Set());
  opposites.get(a)!.add(b);
  opposites.get(b)!.add(a);
}

/** The word and the dictionary forms it may be inflected from (larger → large, highest → high, cities → city). */
export function lemmas(word: string): string[] {
  const out = [word];
  for (const [suffix, repl] of [['iest', 'y'], ['ier', 'y'], ['ies', 'y'], ['ied', 'y'], ['est', ''], ['est', 'e'], ['er', ''], ['er', 'e'], ['ing', ''], ['ing', 'e'], ['ed', ''], ['ed', 'e'], ['es', ''], ['s', '']] as const) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    const stem = word.slice(0, -suffix.length);
    out.push(stem + repl);
    // bigger → big, stopped → stop
    if (!repl && stem.length > 3 && stem.at(-1) === stem.at(-2)) out.push(stem.slice(0, -1));
  }
  return out;
}

function oppositesOf(word: string): Set<string> {
  const out = new Set<string>();
  for (const l of lemmas(word)) for (const o of opposites.get(l) ?? []) out.add(o);
  return out;
}

/**
 * A word of the question that the sentence does not use while the sentence uses its opposite:
 * "Which is the least populated city?" against "... the most populated city ...".
 */
export function contrastedWord(questionWords: Iterable<string>, sentenceWords: Set<string>): string | undefined {
  let sentenceLemmas: Set<string> | undefined;
  const asked = [...questionWords];
  let questionLemmas: Set<string> | undefined;
  for (const w of asked) {
    if (sentenceWords.has(w) || !/^[a-z]{2,}$/.test(w)) continue;
    const opp = oppositesOf(w);
    if (!opp.size) continue;
    sentenceLemmas ??= new Set([...sentenceWords].flatMap(lemmas));
    // The sentence uses the word itself (another form of it): not a swap.
    if (lemmas(w).some((l) => sentenceLemmas!.has(l))) continue;
    // "the least or the most": a question naming both opposites swapped neither.
    questionLemmas ??= new Set(asked.flatMap(lemmas));
    for (const o of opp) if (sentenceLemmas.has(o) && !questionLemmas.has(o)) return w;
  }
  return undefined;
}
