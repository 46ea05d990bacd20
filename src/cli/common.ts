// Shared by the command-line tools: read config once, print one clear line on bad input, exit non-zero.
import { loadConfig, loadDotEnv, type Config } from '../config';
import { isBotError } from '../errors';
import { createLogger, redact, type Logger } from '../logger';

/** `.env` and the environment, validated; on a bad setting, the problems and exit code 78. */
export function loadConfigOrExit(): Config {
  try {
    loadDotEnv();
    return loadConfig(process.env, process.cwd(), { requireKnowledgeDir: true });
  } catch (err) {
    fail(err);
  }
}

export function cliSetup(): { config: Config; logger: Logger } {
  const config = loadConfigOrExit();
  // CLIs print results on stdout; logs stay quiet unless asked for.
  return { config, logger: createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn') };
}

export function fail(err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  const code = isBotError(err) ? `${err.code}: ` : '';
  process.stderr.write(redact(`error: ${code}${msg}`) + '\n');
  process.exit(isBotError(err, 'CONFIG_INVALID') ? 78 : 1);
}
