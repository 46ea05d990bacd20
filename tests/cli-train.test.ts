// `npm run train` as an admin runs it, on a small QA folder of our own in the documented format:
// it must build the real index over the articles, fit, and write weights the answerer accepts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedWeights, type SelectorWeights } from '../src/answer/selector/model';
import { cleanup, tmpDir } from './fixtures/core/small-kb';

const ROOT = path.resolve(__dirname, '..');
afterAll(cleanup);

const PLANETS: Record<string, [string, string, string][]> = {
  // article → [question, answer, sentence holding it]
  'mars.md': [
    ['What color is Mars?', 'red', 'Mars is often called the red planet because of iron oxide dust.'],
    ['How many moons does Mars have?', 'two', 'Mars has two small moons, Phobos and Deimos.'],
    ['What is the tallest volcano on Mars?', 'Olympus Mons', 'The tallest volcano on Mars is Olympus Mons, about 22 kilometres high.'],
  ],
  'venus.md': [
    ['What is the surface temperature of Venus?', '465', 'The surface of Venus is about 465 degrees Celsius, hotter than Mercury.'],
    ['Which direction does Venus rotate?', 'backwards', 'Venus rotates backwards compared with most planets.'],
    ['What are the clouds of Venus made of?', 'sulfuric acid', 'Thick clouds of sulfuric acid cover Venus completely.'],
  ],
  'jupiter.md': [
    ['What is the Great Red Spot?', 'storm', 'The Great Red Spot on Jupiter is a storm larger than Earth.'],
    ['How many moons does Jupiter have?', '95', 'Jupiter has 95 officially recognised moons.'],
    ['Who discovered the four largest moons of Jupiter?', 'Galileo', 'Galileo discovered the four largest moons of Jupiter in 1610.'],
  ],
  'saturn.md': [
    ['What are the rings of Saturn made of?', 'ice', 'The rings of Saturn are made mostly of ice with some rock.'],
    ['What is the largest moon of Saturn?', 'Titan', 'The largest moon of Saturn is Titan, which has a thick atmosphere.'],
    ['How long is a day on Saturn?', '10.7 hours', 'A day on Saturn lasts about 10.7 hours.'],
  ],
};

function writeQaFolder(): string {
  const dir = tmpDir('train-data-');
  fs.mkdirSync(path.join(dir, 'en'));
  const lines: string[] = [];
  for (const [file, facts] of Object.entries(PLANETS)) {
    const body = facts.map(([, , s]) => `${s} It is one of the planets of the solar system.`).join('\n\n');
    fs.writeFileSync(path.join(dir, 'en', file), `# ${file.replace('.md', '')}\n\n${body}\n`);
    facts.forEach(([question, answer], i) => {
      lines.push(JSON.stringify({ id: `${file}-${i}`, question, answers: [answer], answerable: true, doc: `en/${file}` }));
    });
    // One question a document cannot answer: a decline is right there.
    lines.push(JSON.stringify({ id: `${file}-x`, question: `Who painted the first portrait of ${file.replace('.md', '')}'s astronomers?`, answers: [], answerable: false, doc: `en/${file}` }));
  }
  fs.writeFileSync(path.join(dir, 'en-questions.jsonl'), lines.join('\n') + '\n');
  return dir;
}

describe('npm run train', () => {
  it('fits weights from a QA folder, reports the validation split and writes a file the answerer accepts', () => {
    const data = writeQaFolder();
    const out = path.join(data, 'weights.json');
    const r = spawnSync('npx', ['tsx', 'src/cli/train.ts', '--data', data, '--out', out, '--val-share', '0.5'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/en: 16 questions/);
    expect(r.stdout).toContain('ANSWER_MIN_CONFIDENCE=');
    expect(r.stdout).toMatch(/\| en \| \d+ \|/);
    const w = JSON.parse(fs.readFileSync(out, 'utf8')) as SelectorWeights;
    expect(() => checkedWeights(w)).not.toThrow();
    expect(['linear', 'trees']).toContain(w.ranker.kind);
    const linear = w.ranker.kind === 'trees' ? w.ranker.start : w.ranker;
    expect(linear?.w.some((v) => v !== 0)).toBe(true);
    expect(w.trainedOn).toMatchObject({ trainQuestions: expect.any(Number), validationQuestions: expect.any(Number) });
  }, 120_000);

  it('without --data it says what it needs and exits non-zero', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/train.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--data');
  });
});
