// Figures an English question writes apart or in English words, which Korean text writes its own
// way: "64 GB" is 64GB there (one index term, 64gb, that neither 64 nor gb finds), and "the 20th
// century" is 20세기. Each becomes one concept with the text's spelling as an alternative, kept only
// when the corpus has it.
import { analyze, isBigram } from '../../text/analyzer';
import type { SoundGroup } from '../transliteration/expand';

/** A unit Latin text writes after a number: letters only, short (GB, MB, km, kg, GHz, mAh, fps). */
const UNIT = /^[A-Za-z]{1,4}$/;
const ORDINAL = /^(\d{1,2})(?:st|nd|rd|th)(?:-centur(?:y|ies))?$/i;
const CENTURY = /^centur(?:y|ies)$/i;

/** Returns the groups with number-and-unit pairs and ordinal centuries spelled as the text spells them. */
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
