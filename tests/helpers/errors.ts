import { isBotError, type BotError } from '../../src/errors';

/** The BotError a promise rejects with; fails the test when it resolves or rejects with something else. */
export async function rejectionOf(p: Promise<unknown>): Promise<BotError> {
  try {
    await p;
  } catch (err) {
    if (isBotError(err)) return err;
    throw err;
  }
  throw new Error('expected a BotError');
}
