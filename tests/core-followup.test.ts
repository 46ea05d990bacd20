// Follow-up questions offline: a short question in a thread ("그럼 구글은 얼마 넣었어?") is read
// with the previous question's concepts, so it lands on the same passage without an LLM.
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedKnowledgeBot } from './helpers/shipped-bot';
import type { Turn } from '../src/types';

const bot = shippedKnowledgeBot();

beforeAll(async () => {
  await bot.ready;
});

const ask = (text: string, history: Turn[] = []) => bot.ask({ text, user: 'u', channel: 'c', platform: 'cli', history });

describe('follow-up questions', () => {
  const first = '앤스로픽은 아마존한테 얼마 투자받았어?';
  const history: Turn[] = [
    { role: 'user', text: first },
    { role: 'assistant', text: '최근 아마존으로부터 27억5000만 달러…' },
  ];

  it.each([
    ['the switched company (구글) is answered from the Anthropic passage, not the OpenAI one', '그럼 구글은 얼마 넣었어?', '20억 달러'],
    ['an English follow-up keeps the thread’s subject', 'And how much did Google put in?', '20억 달러'],
    ['"그 회사" resolves to the company asked about before', '그 회사는 언제 설립됐어?', '2021'],
  ])('%s', async (_bug, question, expected) => {
    const a = await ask(question, history);
    expect(a.abstained).toBe(false);
    expect(a.text).toContain(expected);
  });

  it('without the thread the same short question finds a different passage (the history is what helps)', async () => {
    const a = await ask('그럼 구글은 얼마 넣었어?');
    // A real reply either way (an empty or broken answer would also lack the phrase).
    expect(a.text.trim().length).toBeGreaterThan(20);
    if (!a.abstained) expect(a.citations.length).toBeGreaterThan(0);
    expect(a.text).not.toContain('20억 달러(2조7700억원)의 투자를 받으며');
    // …while with the thread the same question quotes that very passage.
    const withThread = await ask('그럼 구글은 얼마 넣었어?', history);
    expect(withThread.citations[0]?.quote).toContain('20억 달러(2조7700억원)의 투자를 받으며');
  });
});
