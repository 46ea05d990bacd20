// npm run bench:gaps [-- --questions 100000] [-- --runs 5] [-- --no-cli]
// How long `kb gaps` takes over a large question log: generated questions (40% gaps: 150 needs
// asked in five phrasings each with a Zipf-like spread, plus one-off questions) written through the
// real question log into a temp data dir, then (1) the report in-process, median of 5 runs, and
// (2) the whole CLI, `npm run kb -- gaps`, as an admin would run it (index already built).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Glossary } from '../src/retrieval/glossary';
import { createCoverageReports } from '../src/reports';
import { createQuestionLog, DB_FILE } from '../src/services';
import type { Answer } from '../src/types';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const N = Number(arg('--questions')) || 100_000;
const RUNS = Number(arg('--runs')) || 5;

// Fixed-seed PRNG: the same log on every run.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

const ORGS = ['Mistral AI', 'Anthropic', 'OpenAI', 'Cohere', 'Aleph Alpha', 'DeepL', 'Nvidia', 'Google', 'Meta', 'Naver', 'Samsung', 'Databricks', 'Hugging Face', 'xAI', 'Oracle'];
const KO: Record<string, string> = { 'Mistral AI': '미스트랄AI', Anthropic: '앤스로픽', OpenAI: '오픈AI', Cohere: '코히어', 'Aleph Alpha': '알레프 알파', DeepL: '딥엘', Nvidia: '엔비디아', Google: '구글', Meta: '메타', Naver: '네이버', Samsung: '삼성', Databricks: '데이터브릭스', 'Hugging Face': '허깅페이스', xAI: '엑스에이아이', Oracle: '오라클' };
const TOPICS: ((o: string, k: string) => string[])[] = [
  (o, k) => [`Does ${o} have an office in Korea?`, `${o} Korea office?`, `Is there a ${o} office in Korea?`, `Has ${o} opened an office in Korea?`, `${k} 한국 office 있어?`],
  (o, k) => [`What was ${o}'s revenue in 2025?`, `${o} 2025 revenue`, `How much revenue did ${o} make in 2025?`, `${o} sales 2025`, `${k} 2025년 매출은?`],
  (o, k) => [`How many GPUs does ${o} have?`, `${o} GPU count`, `Number of GPUs at ${o}`, `${o} GPUs total`, `${k} GPU 개수는?`],
  (o, k) => [`Who is the CEO of ${o}?`, `${o} CEO`, `Name of ${o}'s chief executive`, `${o} CEO name`, `${k} 최고경영자는?`],
  (o, k) => [`Where is ${o} headquartered?`, `${o} headquarters`, `${o} HQ city`, `Where are ${o}'s headquarters?`, `${k} 본사는 어디야?`],
  (o, k) => [`What is ${o}'s valuation?`, `${o} valuation`, `How much is ${o} worth?`, `${o} company valuation today`, `${k} 기업가치는?`],
  (o, k) => [`How many employees does ${o} have?`, `${o} headcount`, `${o} number of employees`, `${o} staff size`, `${k} 직원 수는?`],
  (o, k) => [`Which data centers does ${o} use?`, `${o} data center locations`, `Where are ${o}'s data centers?`, `${o} datacenter`, `${k} 데이터센터는 어디?`],
  (o, k) => [`What is the price of ${o}'s API?`, `${o} API pricing`, `How much does the ${o} API cost?`, `${o} API price per token`, `${k} API 가격은?`],
  (o, k) => [`Who are ${o}'s investors?`, `${o} investors`, `Which firms invested in ${o}?`, `${o} backers list`, `${k} 투자자는 누구?`],
];
const NEEDS = ORGS.flatMap((o) => TOPICS.map((t) => t(o, KO[o])));
const ANSWERED = ['When was Mistral AI founded?', '미스트랄AI는 언제 설립됐어?', 'Who founded Anthropic?', 'How much did Microsoft invest in Mistral?', 'What is Aleph Alpha?'];
const FILLER = 'quantum ledger harbor violet copper meadow lantern orbit saffron tundra glacier pixel falcon marble'.split(' ');

function answer(i: number, over: Partial<Answer>): Answer {
  return { id: `b-${i}`, text: '', citations: [], abstained: false, lang: 'en', mode: { kind: 'offline' }, timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 }, ...over };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gaps-'));
const now = Date.now();
let t = now - 80 * 86_400_000;
const log = createQuestionLog(path.join(dataDir, DB_FILE), { now: () => t });
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  t = now - 80 * 86_400_000 + Math.floor((i / N) * 80 * 86_400_000);
  const r = rand();
  const question = { text: '', user: `U${i % 500}`, channel: 'C1', platform: 'slack' as const };
  if (r < 0.6) {
    await log.record({ question: { ...question, text: pick(ANSWERED) }, answer: answer(i, { confidence: 0.9, citations: [{ n: 1, docId: 'ai-market-sovereign-ai.md', title: '', quote: '', score: 1, source: '', start: 0, end: 1 }] }) });
  } else if (r < 0.96) {
    // Zipf-like: need k is asked about 1/(k+1) as often as the first.
    const k = Math.min(NEEDS.length - 1, Math.floor(Math.exp(rand() * Math.log(NEEDS.length + 1)) - 1));
    await log.record({ question: { ...question, text: pick(NEEDS[k]) }, answer: answer(i, { abstained: true }) });
  } else {
    await log.record({ question: { ...question, text: `${pick(FILLER)} ${pick(FILLER)} ${pick(FILLER)} ${i}?` }, answer: answer(i, { abstained: true }) });
  }
}
log.close();
const writeMs = performance.now() - t0;

const glossary = Glossary.load(path.join(REPO, 'knowledge'));
const reader = createQuestionLog(path.join(dataDir, DB_FILE), { retentionDays: 90 });
const reports = createCoverageReports({ log: reader, glossary: () => glossary });
const runs: number[] = [];
// CPU time too: on a shared machine wall time includes waiting for a core.
const cpu: number[] = [];
let report;
for (let i = 0; i < RUNS; i++) {
  const a = performance.now();
  const c = process.cpuUsage();
  report = await reports.gaps({ days: 90 });
  runs.push(performance.now() - a);
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
}
reader.close();
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The CLI as an admin runs it; the first run builds the index in this data dir, the timed one loads it.
const env = { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: path.join(REPO, 'knowledge'), QUESTION_LOG_DAYS: '90', LOG_LEVEL: 'warn' };
const cli = () => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli/kb.ts'), 'gaps', '--days', '90'], { cwd: REPO, env, encoding: 'utf8' });
let cliMs = NaN;
if (!argv.includes('--no-cli')) {
  cli();
  const c0 = performance.now();
  const out = cli();
  cliMs = performance.now() - c0;
  if (out.status !== 0) throw new Error(out.stderr);
}

console.log(`questions logged:        ${N} (${report!.questions} in the 90-day window, ${report!.gaps} gaps, ${report!.totalGroups} groups)`);
console.log(`write (one by one):      ${(writeMs / 1000).toFixed(1)} s`);
console.log(`kb gaps, in-process:     median ${median([...runs]).toFixed(0)} ms of ${RUNS} (runs in order: ${runs.map((r) => r.toFixed(0)).join(', ')} ms)`);
console.log(`  CPU time per run:       median ${median([...cpu]).toFixed(0)} ms (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
console.log(`npm run kb -- gaps:      ${cliMs.toFixed(0)} ms wall (node start, config, index load, report)`);
console.log(`target < 1000 ms:        ${median([...runs]) < 1000 ? 'met' : 'MISSED'} in-process`);
console.log('top groups:\n' + report!.groups.slice(0, 3).map((g) => `  ${g.asked} × ${g.label}`).join('\n'));
fs.rmSync(dataDir, { recursive: true, force: true });
