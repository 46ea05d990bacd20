// The terminal chat `npm start` opens when no Slack or Discord is configured: one line, one question.
// Like every adapter it only translates lines into Questions and Answers into text; the core decides.
import os from 'node:os';
import readline from 'node:readline';
import { toBotError } from '../../src/errors';
import type { Question, Turn } from '../../src/types';
import { guessLang, userMessage } from '../../src/user-messages';
import type { AdapterContext, RunningAdapter } from '../types';
import { ANSI, formatFooter, formatSources, formatStatus, formatSummary, HELP, PLAIN } from './format';

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  user?: string;
}

/** Turns of this session the core sees for follow-ups; older ones would only dilute retrieval. */
const HISTORY_TURNS = 6;

export interface RunningConsole extends RunningAdapter {
  /** Resolves when the session ends by /quit, end of input or stop(), after queued lines are handled. */
  closed: Promise<void>;
}

function defaultUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'console'; // containers without a passwd entry
  }
}

export async function startConsole(ctx: AdapterContext<ConsoleOptions>): Promise<RunningConsole> {
  const input = ctx.config.input ?? process.stdin;
  const output = ctx.config.output ?? process.stdout;
  const user = ctx.config.user ?? defaultUser();
  const tty = Boolean((output as { isTTY?: boolean }).isTTY);
  // Colours only for a person at a terminal; piped output stays clean for files and tests.
  const style = tty && !process.env.NO_COLOR ? ANSI : PLAIN;
  const interactive = tty && Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: '> ' });

  const history: Turn[] = [];
  let ended = false;
  let inFlight: AbortController | undefined;
  const say = (...lines: string[]) => {
    for (const l of lines) output.write(`${l}\n`);
  };
  const prompt = () => {
    if (interactive && !ended) rl.prompt();
  };

  async function ask(text: string): Promise<void> {
    const lang = guessLang(text);
    if (text.length > ctx.maxQuestionChars) return say(userMessage('QUESTION_TOO_LONG', lang));
    const question: Question = { text, user, channel: 'console', platform: 'console', history: history.slice(-HISTORY_TURNS) };
    // Stream what the answerer has so far; if the final text is not a continuation (e.g. the LLM
    // failed mid-way and the core fell back), print the final text in full on a fresh line.
    let shown = '';
    inFlight = new AbortController();
    try {
      const answer = await ctx.bot.ask(question, {
        signal: inFlight.signal,
        onPartial: (soFar) => {
          if (!soFar.startsWith(shown)) return;
          output.write(soFar.slice(shown.length));
          shown = soFar;
        },
      });
      if (ended) return;
      if (answer.text.startsWith(shown)) output.write(`${answer.text.slice(shown.length)}\n`);
      else output.write(`${shown ? '\n\n' : ''}${answer.text}\n`);
      const sources = formatSources(answer, style);
      if (sources.length) say('', ...sources);
      say(...formatFooter(answer, style), '');
      history.push({ role: 'user', text }, { role: 'assistant', text: answer.text });
      history.splice(0, Math.max(0, history.length - HISTORY_TURNS));
    } catch (err) {
      if (ended) return;
      if (inFlight?.signal.aborted) return say(style.dim(' (cancelled)'), '');
      const e = toBotError(err);
      ctx.logger.warn('console question failed', { code: e.code, err: e });
      say(`${shown ? '\n' : ''}${style.warn(userMessage(e.code, lang))}`, '');
    } finally {
      inFlight = undefined;
    }
  }

  async function reload(): Promise<void> {
    say(style.dim('Reloading the knowledge base…'));
    let lastPhase = '';
    try {
      const summary = await ctx.bot.reload({
        by: 'console',
        onProgress: (p) => {
          // On a terminal one line counts up in place; elsewhere each phase gets one line.
          if (tty) output.write(`\r${style.dim(`  ${p.phase} ${p.done}/${p.total}`)}\x1b[K`);
          else if (p.phase !== lastPhase) say(style.dim(`  ${p.phase} ${p.done}/${p.total}`));
          lastPhase = p.phase;
        },
      });
      if (tty) output.write('\r\x1b[K');
      say(...formatSummary(summary, style), '');
      await ctx.services.audit.record({ platform: 'console', user, action: 'reload', ok: true, detail: `+${summary.added.length} ~${summary.changed.length} -${summary.removed.length} !${summary.failed.length}` });
    } catch (err) {
      const e = toBotError(err, 'RELOAD_FAILED');
      ctx.logger.warn('console reload failed', { code: e.code, err: e });
      if (tty) output.write('\r\x1b[K');
      // The person at the console runs the bot, so the reason is theirs to see.
      say(style.warn(userMessage(e.code === 'INTERNAL' ? 'RELOAD_FAILED' : e.code)), style.dim(`  ${e.message}`), '');
      await ctx.services.audit.record({ platform: 'console', user, action: 'reload', ok: false, detail: `${e.code}: ${e.message}` });
    }
  }

  async function handle(raw: string): Promise<void> {
    const line = raw.trim();
    if (!line) return; // a stray Enter is not a question
    if (!line.startsWith('/')) return ask(line);
    const command = line.split(/\s+/)[0].toLowerCase();
    switch (command) {
      case '/help':
        return say(...HELP, '');
      case '/reload':
        return reload();
      case '/status':
        return say(...formatStatus(ctx.bot.status(), style), '');
      case '/new':
        history.length = 0;
        return say(style.dim('Started a fresh conversation.'), '');
      case '/quit':
      case '/exit':
        ended = true;
        rl.close();
        return;
      default:
        return say(`Unknown command ${command}. Type /help for the list.`, '');
    }
  }

  // Lines are handled one at a time in order, so a pasted batch gets its answers in the same order.
  let queue: Promise<void> = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (ended) return;
      try {
        await handle(line);
      } catch (err) {
        ctx.logger.error('console line failed', { err });
      }
      prompt();
    });
  });
  // Ctrl+C cancels the answer being written; at the prompt it leaves like /quit.
  rl.on('SIGINT', () => (inFlight ? inFlight.abort() : rl.close()));
  const closed = new Promise<void>((resolve) => {
    rl.on('close', () => {
      queue.then(() => {
        ended = true;
        resolve();
      });
    });
  });

  say(style.bold('Ask about the AI market.') + style.dim(' Type /help for commands, /quit to leave.'));
  prompt();
  ctx.logger.debug('console adapter started', { user });

  return {
    name: 'console',
    closed,
    async stop() {
      ended = true;
      inFlight?.abort();
      rl.close();
      await closed;
    },
  };
}
