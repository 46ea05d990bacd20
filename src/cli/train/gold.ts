// Whether a text holds a gold answer, matched the way the public QA scorer does (SQuAD-style
// normalisation: case, punctuation, spaces, English articles; a Korean gold may lose its particle).
const KO_PARTICLES = ['은', '는', '이', '가', '을', '를', '의', '에', '에서', '에게', '께서', '으로', '로', '와', '과', '도', '만',
  '이다', '였다', '이며', '이고', '까지', '부터', '처럼', '보다', '라고', '이라고', '한테', '랑', '이랑'].sort((a, b) => b.length - a.length);

const stripPunct = (s: string) => s.replace(/[\p{P}\p{S}]/gu, ' ');

export function normalizeForMatch(s: string, lang: 'ko' | 'en'): string {
  let t = stripPunct(s.normalize('NFKC').toLowerCase());
  if (lang === 'en') t = t.replace(/\b(a|an|the)\b/g, ' ');
  return t.replace(/\s+/g, '');
}

export function goldForms(golds: string[], lang: 'ko' | 'en', question: string): string[] {
  const forms = new Set<string>();
  for (const g of golds) {
    const n = normalizeForMatch(g, lang);
    if (n) forms.add(n);
    if (lang === 'ko') {
      const words = stripPunct(g.normalize('NFKC').toLowerCase()).split(/\s+/).filter(Boolean);
      const last = words.at(-1);
      const p = last && KO_PARTICLES.find((x) => last.endsWith(x) && last.length - x.length >= 1);
      if (last && p) {
        const cut = normalizeForMatch([...words.slice(0, -1), last.slice(0, -p.length)].join(' '), lang);
        if (cut.length >= 2) forms.add(cut);
      }
    }
  }
  // A gold string the question itself contains is matched by any echo of the question.
  const q = normalizeForMatch(question, lang);
  const kept = [...forms].filter((f) => !q.includes(f));
  return kept.length ? kept : [...forms];
}

export function holdsGold(text: string, forms: string[], lang: 'ko' | 'en'): boolean {
  const t = normalizeForMatch(text, lang);
  return forms.some((f) => t.includes(f));
}
