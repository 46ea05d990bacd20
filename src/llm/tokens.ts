// Token estimates for the prompt budget. Exact counts come from js-tiktoken (a dependency of
// @langchain/openai) when it can be loaded; otherwise a deliberately high chars-based estimate,
// because overshooting the budget costs a truncated answer and undershooting costs nothing.

export type TokenCounter = (text: string) => number;

// Hangul syllables/jamo and CJK ideographs/kana: cl100k spends ~1.3 tokens per Hangul syllable
// (measured on the seed article), o200k ~0.75; 1.5 stays above both.
const WIDE = /[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]/g;

/** Conservative fallback: wide (Hangul/CJK) characters count 1.5, everything else one token per 3 chars. */
export const estimateTokensByChars: TokenCounter = (text) => {
  const wide = (text.match(WIDE) ?? []).length;
  const rest = text.length - wide;
  return Math.ceil(wide * 1.5 + rest / 3);
};

/** OpenAI's newer models use o200k; for every other model cl100k over-counts Korean, which is the safe side. */
export function encodingFor(model: string): 'o200k_base' | 'cl100k_base' {
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o[1-9]|chatgpt-4o)/i.test(model) ? 'o200k_base' : 'cl100k_base';
}

const cache = new Map<string, Promise<TokenCounter>>();

/**
 * Loads the model's tiktoken encoding once per process (building the encoder takes ~0.5 s of CPU,
 * so callers start this early). Never rejects: falls back to `estimateTokensByChars`.
 */
export function loadTokenCounter(model: string): Promise<TokenCounter> {
  const enc = encodingFor(model);
  let p = cache.get(enc);
  if (!p) {
    p = loadTiktoken(enc).catch(() => estimateTokensByChars);
    cache.set(enc, p);
  }
  return p;
}

async function loadTiktoken(enc: string): Promise<TokenCounter> {
  // Specifiers in variables: js-tiktoken is not a direct dependency, so neither tsc nor a
  // bundler should insist on it; a missing package lands in the catch above.
  const liteSpec = 'js-tiktoken/lite';
  const ranksSpec = `js-tiktoken/ranks/${enc}`;
  const lite = (await import(/* @vite-ignore */ liteSpec)) as { Tiktoken: new (ranks: unknown) => { encode(s: string): number[] } };
  const ranks = ((await import(/* @vite-ignore */ ranksSpec)) as { default: unknown }).default;
  const tk = new lite.Tiktoken(ranks);
  return (text) => {
    try {
      return tk.encode(text).length;
    } catch {
      return estimateTokensByChars(text);
    }
  };
}
