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
  return runScript(env);
}

/**
 * `npm start` in its own process group with only the variables given (no keys from the developer's
 * shell). By default the package.json script runs the way npm runs it (sh, node_modules/.bin on
 * PATH) but without npm in between, so a signal reaches the bot and its exit code comes back;
 * `npmArgs` runs npm itself instead (`['run', 'eval', '--', file]`), as a user types it.
 */
export function runScript(env: Record<string, string>, opts: { npmArgs?: string[]; stdin?: string } = {}): BotProcess {
  const pathVar = opts.npmArgs ? process.env.PATH ?? '' : `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`;
  const [cmd, argv] = opts.npmArgs ? ['npm', ['--silent', ...opts.npmArgs]] : ['sh', ['-c', `exec ${START}`]];
  const child = spawn(cmd, argv, {
    cwd: ROOT,
    env: { PATH: pathVar, HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
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
