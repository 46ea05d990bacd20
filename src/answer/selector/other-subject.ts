// Korean drops a subject it has already named, so a quote that lacks the asked name may still be
// about it (코히어는 …. 최근에는 ‘아야’를 출시했다). But a quote that opens by naming another topic
// states its facts of that one: "딥엘은 언제 설립됐어?" is not answered by "미스트랄AI는 2023년 4월
// … 설립된 …", even when 딥엘 is named in the sentence before. Read from particles and word order only.
import { analyze } from '../../text/analyzer';
import { splitSentences } from '../../text/sentences';
import { degree, type WeightedGroup } from '../coverage';
import { openingTopic, topicWords } from './roles';

/**
 * The name the question is about (marked as its topic or subject: 딥엘은, 코히어가) is missing from
 * the quote, and a sentence of the quote opens with a topic of its own that is none of the
 * question's words: the quote says what it says of someone else. Returns that other topic.
 */
export function otherSubjectStated(question: string, groups: WeightedGroup[], quote: string, degrees: number[]): string | undefined {
  const marked = topicWords(question).map((w) => new Set(analyze(w)));
  const asked = groups.filter(
    (g, i) => g.present && !g.group.context && g.group.kind === 'entity' && degrees[i] < 0.5 && marked.some((t) => degree(g, t) >= 0.5),
  );
  if (!asked.length) return undefined;
  const own = groups.filter((g) => g.present && !g.group.context);
  for (const s of splitSentences(quote)) {
    const topic = openingTopic(s.text);
    if (!topic) continue;
    const terms = new Set(analyze(topic));
    if (!own.some((g) => degree(g, terms) >= 0.5)) return topic;
  }
  return undefined;
}
