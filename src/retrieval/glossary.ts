// The bilingual glossary: sets of names for the same thing (Mistral AI = 미스트랄AI). A question
// that names one member also searches for the others, which is how an English question finds a
// Korean passage with no model. Loaded from `_glossary.yml` in the knowledge folder on every reload.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { analyze, keywords, normalize } from '../text/analyzer';
import type { SoundIndex } from './transliteration/sound-index';

export const GLOSSARY_FILE = '_glossary.yml';
const HANGUL = /[\uac00-\ud7a3]/;

/** What an entry names; "who" questions look for people and organisations, "where" for places. */
export type GlossaryKind = 'person' | 'organization' | 'product' | 'place' | 'term';

export interface GlossaryEntry {
  names: string[];
  kind: GlossaryKind;
  /** Documents a pair was mined from ("미스트랄AI(Mistral AI)"); absent for `_glossary.yml` entries. */
  minedFrom?: string[];
}

const KIND_KEYS: Record<string, GlossaryKind> = {
  people: 'person',
  persons: 'person',
  person: 'person',
  organizations: 'organization',
  organisations: 'organization',
  companies: 'organization',
  products: 'product',
  models: 'product',
  places: 'place',
  terms: 'term',
  vocabulary: 'term',
};

export interface GlossaryMatch {
  /** The member the question used. */
  matched: string;
  entry: GlossaryEntry;
}

interface CompiledName {
  name: string;
  /** Latin names match as a sequence of stemmed keywords; Hangul names as a substring of the text. */
  keys: string[];
  hangul: boolean;
  needle: string;
}

export class Glossary {
  readonly entries: GlossaryEntry[];
  private readonly compiled: { entry: GlossaryEntry; names: CompiledName[] }[];
  private readonly byPrefix = new Map<string, { entry: number; name: CompiledName }[]>();
  private readonly byFirstKey = new Map<string, { entry: number; name: CompiledName }[]>();

  /** The corpus vocabulary by sound, for names no entry knows (set per index by `withSounds`). */
  sounds?: SoundIndex;

  constructor(entries: GlossaryEntry[]) {
    this.entries = entries;
    this.compiled = entries.map((entry) => ({
      entry,
      names: entry.names.map((name) => ({
        name,
        keys: keywords(name),
        hangul: HANGUL.test(name),
        needle: normalize(name).replace(/\s+/g, ''),
      })),
    }));
    this.compiled.forEach(({ names }, entry) => {
      for (const name of names) {
        if (name.hangul) {
          if (name.needle.length < 2) continue;
          const k = name.needle.slice(0, 2);
          if (!this.byPrefix.has(k)) this.byPrefix.set(k, []);
          this.byPrefix.get(k)!.push({ entry, name });
        } else if (name.keys.length) {
          const k = name.keys[0];
          if (!this.byFirstKey.has(k)) this.byFirstKey.set(k, []);
          this.byFirstKey.get(k)!.push({ entry, name });
        }
      }
    });
  }

  static empty(): Glossary {
    return new Glossary([]);
  }

  /** Reads `_glossary.yml`; a missing file is an empty glossary, a broken one an error naming the file. */
  static load(knowledgeDir: string): Glossary {
    const file = path.join(knowledgeDir, GLOSSARY_FILE);
    if (!fs.existsSync(file)) return Glossary.empty();
    return Glossary.parse(fs.readFileSync(file, 'utf8'), GLOSSARY_FILE);
  }

  static parse(text: string, name = GLOSSARY_FILE): Glossary {
    let data: unknown;
    try {
      data = parse(text);
    } catch (err) {
      throw new Error(`${name} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    if (data == null) return Glossary.empty();
    // Either a plain list of name lists, or sections (people:, organizations:, places:, ...) of them.
    const sections: [string, unknown][] = Array.isArray(data) ? [['terms', data]] : typeof data === 'object' ? Object.entries(data) : [];
    if (!sections.length) throw new Error(`${name} must be a list of name lists, e.g. "- [Mistral AI, 미스트랄AI]".`);
    const entries: GlossaryEntry[] = [];
    for (const [key, list] of sections) {
      const kind = KIND_KEYS[key.toLowerCase()];
      if (!kind) throw new Error(`${name}: unknown section "${key}". Use people, organizations, products, places or terms.`);
      if (!Array.isArray(list)) throw new Error(`${name}: section "${key}" must be a list of name lists.`);
      list.forEach((item, i) => {
        if (!Array.isArray(item) || item.length < 2 || !item.every((x) => typeof x === 'string' || typeof x === 'number')) {
          throw new Error(`${name}: entry ${i + 1} of "${key}" must list at least two names, e.g. "- [Mistral AI, 미스트랄AI]".`);
        }
        entries.push({ names: item.map(String), kind });
      });
    }
    return new Glossary(entries);
  }

  /** Entries a text mentions, with the member it used (the longest, when several match). */
  match(text: string): GlossaryMatch[] {
    const keys = keywords(text);
    const squashed = normalize(text).replace(/\s+/g, '');
    const best = new Map<number, CompiledName>();
    const consider = (entry: number, n: CompiledName) => {
      const cur = best.get(entry);
      if (!cur || n.needle.length > cur.needle.length) best.set(entry, n);
    };
    // Hangul names by their first two characters, Latin names by their first keyword: one pass
    // over the text instead of one per name. Inside a longer Hangul name only the longest counts:
    // 기업가치 is a valuation, not also a company (기업).
    const spans: { entry: number; name: CompiledName; from: number; to: number }[] = [];
    for (let i = 0; i + 1 < squashed.length; i++) {
      for (const { entry, name } of this.byPrefix.get(squashed.slice(i, i + 2)) ?? []) {
        if (squashed.startsWith(name.needle, i)) spans.push({ entry, name, from: i, to: i + name.needle.length });
      }
    }
    for (const s of spans) {
      const inside = spans.some((o) => o !== s && o.from <= s.from && o.to >= s.to && o.to - o.from > s.to - s.from);
      if (!inside) consider(s.entry, s.name);
    }
    // Latin names the same way, in keyword positions: "Mistral Large" is the model, not also the company.
    const latin: typeof spans = [];
    for (let i = 0; i < keys.length; i++) {
      for (const { entry, name } of this.byFirstKey.get(keys[i]) ?? []) {
        if (name.keys.every((k, j) => keys[i + j] === k)) latin.push({ entry, name, from: i, to: i + name.keys.length });
      }
    }
    for (const s of latin) {
      const inside = latin.some((o) => o !== s && o.from <= s.from && o.to >= s.to && o.to - o.from > s.to - s.from);
      if (!inside) consider(s.entry, s.name);
    }
    return [...best].sort((a, b) => a[0] - b[0]).map(([entry, n]) => ({ matched: n.name, entry: this.compiled[entry].entry }));
  }

  /** Terms of the other members of every entry the text mentions. */
  expansions(text: string): { matched: string; terms: string[] }[] {
    return this.match(text).map((m) => ({
      matched: m.matched,
      terms: [...new Set(m.entry.names.filter((n) => n !== m.matched).flatMap((n) => analyze(n)))],
    }));
  }

  /**
   * With pairs mined from the documents ("미스트랄AI(Mistral AI)"). The hand-written file wins: a
   * pair that shares a name with one of its entries is left out.
   */
  withMined(pairs: { hangul: string; latin: string; docs: string[] }[]): Glossary {
    const squash = (n: string) => normalize(n).replace(/\s+/g, '');
    const hand = new Set(this.entries.filter((e) => !e.minedFrom).flatMap((e) => e.names.map(squash)));
    const mined = pairs
      .filter((p) => !hand.has(squash(p.hangul)) && !hand.has(squash(p.latin)))
      .map((p): GlossaryEntry => ({ names: [p.hangul, p.latin], kind: 'term', minedFrom: p.docs }));
    const g = new Glossary([...this.entries.filter((e) => !e.minedFrom), ...mined]);
    g.sounds = this.sounds;
    return g;
  }

  /** The same entries, matching unknown names by sound against an index's vocabulary. */
  withSounds(sounds: SoundIndex): Glossary {
    const g = new Glossary(this.entries);
    g.sounds = sounds;
    return g;
  }
}
