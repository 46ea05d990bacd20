// Start-up as a user meets it: wall time of a cold `npm run ask` (a new process each time, the
// saved index already on disk) and of `npm start` until the terminal chat's banner is printed.
import { spawn, spawnSync } from 'node:child_process';
import { percentile, round } from './stats';

export interface StartupResult {
  runs: number;
  askMs: { median: number; min: number; max: number };
  chatPromptMs: { median: number; min: number; max: number };
}

const QUESTION = 'Who founded Mistral AI?';

function spread(xs: number[]) {
  return { median: round(percentile(xs, 50), 0), min: round(Math.min(...xs), 0), max: round(Math.max(...xs), 0) };
}

/** The environment of a plain offline install: no platform tokens (so `npm start` opens the terminal chat). */
function offlineEnv(knowledgeDir: string, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (/^(SLACK_|DISCORD_|LLM_|OPENAI_|EMBEDDINGS_)/.test(k) || k === 'NODE_OPTIONS') delete env[k];
  return env;
}

function chatPrompt(cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('npm', ['start', '--silent'], { cwd, env, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    let at: number | undefined;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (at === undefined && out.includes('Ask about the AI market')) {
        at = performance.now() - t0;
        child.stdin.end('/quit\n');
      }
    });
    child.on('error', reject);
    child.on('close', () => (at === undefined ? reject(new Error(`npm start printed no banner: ${out.slice(0, 200)}`)) : resolve(at)));
  });
}

export async function measureStartup(cwd: string, knowledgeDir: string, dataDir: string, runs = 10): Promise<StartupResult> {
  const env = offlineEnv(knowledgeDir, dataDir);
  const ask = () => {
    const t0 = performance.now();
    const r = spawnSync('npm', ['run', 'ask', '--silent', '--', QUESTION], { cwd, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run ask failed: ${r.stderr}`);
    return performance.now() - t0;
  };
  ask(); // builds and saves the index: every timed run below starts from the saved index
  const askMs: number[] = [];
  const chatMs: number[] = [];
  // Alternated, so a burst of load on a shared machine falls on both.
  for (let i = 0; i < runs; i++) {
    askMs.push(ask());
    chatMs.push(await chatPrompt(cwd, env));
  }
  return { runs, askMs: spread(askMs), chatPromptMs: spread(chatMs) };
}
