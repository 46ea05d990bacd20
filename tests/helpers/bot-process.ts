// `npm start` as its own process (the package.json script run the way npm runs it, without npm
// in between so signals reach the bot), with only the variables given. For tests that need
// several bot processes at once: replicas sharing one Postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// import.meta.url, not __dirname: bench/replicas.ts loads this file as an ES module under tsx.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;

export interface BotProcess {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  /** SIGTERM to the process group, then wait for the exit. */
  stop(): Promise<number | null>;
}

export function startBot(env: Record<string, string>): BotProcess {
  const child = spawn('sh', ['-c', `exec ${START}`], {
    cwd: ROOT,
    env: { PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      return exited;
    },
  };
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Polls `check` until it returns something truthy; the error carries the processes' logs. */
export async function until<T>(check: () => T | undefined | false, what: string, procs: BotProcess[], ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}\n${procs.map((p, i) => `--- bot ${i} stderr:\n${p.err().slice(-3000)}`).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
