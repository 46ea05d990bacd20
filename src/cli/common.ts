// Shared by the command-line tools: read config once, print one clear line on bad input, exit non-zero.
import { loadConfig, loadDotEnv, type Config } from '../config';
import { BotError, isBotError } from '../errors';
import { createLogger, redact, type Logger } from '../logger';

/** `.env` and the environment, validated; on a bad setting, the problems and exit code 78. */
export function loadConfigOrExit(opts: { requireKnowledgeDir?: boolean } = {}): Config {
  try {
    loadDotEnv();
    // Everything that answers needs the knowledge folder; a missing one is a start-up error, not an empty bot.
    return loadConfig(process.env, process.cwd(), { requireKnowledgeDir: opts.requireKnowledgeDir ?? true });
  } catch (err) {
    fail(err);
  }
}

export function cliSetup(): { config: Config; logger: Logger } {
  const config = loadConfigOrExit();
  // CLIs print results on stdout; logs stay quiet unless asked for.
  return { config, logger: createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn') };
}

/** Exit codes scripts can rely on (sysexits.h where one fits); documented in the README. */
export const EXIT_SOME_FAILED = 2;
export const EXIT_USAGE = 64;
export const EXIT_CONFIG = 78;

export function fail(err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  const code = isBotError(err) ? `${err.code}: ` : '';
  process.stderr.write(redact(`error: ${code}${msg}`) + '\n');
  process.exit(isBotError(err, 'CONFIG_INVALID') ? EXIT_CONFIG : isBotError(err, 'USAGE') ? EXIT_USAGE : 1);
}

/**
 * Flags and the other words of a command line. An unknown "--flag" is a usage error, never part of
 * a question: "--jsn" is a typo of "--json", and answering "--jsn hi" would hide it. "--" ends flags.
 */
export function parseArgs(args: string[], known: string[], usage: string): { flags: Set<string>; rest: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  let flagsDone = false;
  for (const a of args) {
    if (!flagsDone && a === '--') flagsDone = true;
    else if (!flagsDone && a.startsWith('--')) {
      if (!known.includes(a)) fail(new BotError('USAGE', `Unknown option "${a}". ${usage}`));
      flags.add(a);
    } else rest.push(a);
  }
  return { flags, rest };
}
