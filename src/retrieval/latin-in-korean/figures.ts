// Figures an English question writes apart or in English words, which Korean text writes its own
// way: "64 GB" is 64GB there (one index term, 64gb, that neither 64 nor gb finds), "the 20th
// century" is 20세기 and "the 60s" 60년대. Each becomes one concept with the text's spelling as an alternative, kept only
// when the corpus has it.
import { analyze, isBigram } from '../../text/analyzer';
import type { SoundGroup } from '../transliteration/expand';

/** A unit Latin text writes after a number: letters only, short (GB, MB, km, kg, GHz, mAh, fps). */
const UNIT = /^[A-Za-z]{1,4}$/;
const ORDINAL = /^(\d{1,2})(?:st|nd|rd|th)(?:-centur(?:y|ies))?$/i;
const CENTURY = /^centur(?:y|ies)$/i;
/** The 60s, the 1960s: Korean writes 60년대, 1960년대. */
const DECADE = /^(\d{2}|\d{3}0)s$/;

/** Returns the groups with number-and-unit pairs, ordinal centuries and decades spelled as the text spells them. */
export function addFigureSpellings<G extends SoundGroup>(text: string, groups: G[], df: (term: string) => number): G[] {
  if (/[\uac00-\ud7a3]/.test(text)) return groups;
  const out: G[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    const next = groups[i + 1];
    const adjacent = next !== undefined && !next.context && next.at === g.at! + 1;
    if (g.context || g.kind !== 'number') {
      out.push(g);
      continue;
    }
    // 64 GB → 64GB, when the corpus writes it so.
    if (/^\d+(?:[.,]\d+)?$/.test(g.label) && adjacent && UNIT.test(next.label)) {
      const joined = analyze(g.label + next.label).filter((t) => !isBigram(t));
      if (joined.length && df(joined[0]) > 0) {
        out.push(withAlternative(merge(g, next), g.label + next.label, joined.slice(0, 1)));
        i++;
        continue;
      }
    }
    // The 20th century → 20세기 (also "20th-century" as one word).
    const ordinal = ORDINAL.exec(g.label);
    if (ordinal && (g.label.includes('-') || (adjacent && CENTURY.test(next.label)))) {
      const korean = `${ordinal[1]}세기`;
      const terms = analyze(korean).filter((t) => !isBigram(t));
      if (terms.length && df(terms[0]) > 0) {
        const whole = g.label.includes('-') ? g : merge(g, next);
        out.push(withAlternative(whole, korean, terms.slice(0, 1)));
        if (whole !== g) i++;
        continue;
      }
    }
    const decade = DECADE.exec(g.label);
    if (decade) {
      // The 90s may be written 90년대 or 1990년대 (the 00s and 10s: 2000년대, 2010년대).
      const years = decade[1].length === 2 ? [decade[1], `19${decade[1]}`, `20${decade[1]}`] : [decade[1]];
      const found = years.map((y) => `${y}년대`).filter((k) => df(analyze(k)[0]) > 0);
      if (found.length) {
        out.push(found.reduce((acc, k) => withAlternative(acc, k, analyze(k).slice(0, 1)), g));
        continue;
      }
    }
    out.push(g);
  }
  return out;
}

function merge<G extends SoundGroup>(a: G, b: G): G {
  return { ...a, label: `${a.label} ${b.label}`, terms: [...a.terms, ...b.terms], alternatives: [...a.alternatives], alternativeNames: [...a.alternativeNames] };
}

function withAlternative<G extends SoundGroup>(g: G, name: string, terms: string[]): G {
  return { ...g, alternatives: [...g.alternatives, terms], alternativeNames: [...g.alternativeNames, name] };
}
