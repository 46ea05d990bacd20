// The deliberate bugs `npm run test:mutation` plants, one at a time. Each is a text replacement
// (the `find` text must occur exactly once in its file) and the test files that should catch it.
// Add a mutant when you add a guarantee. A find text the code no longer has makes
// `npm run test:mutation` exit non-zero naming the mutant, and fails tests/mutants-current.test.ts
// in `npm test`: update the mutant to the code's new shape in the same change.

export interface Edit {
  file: string;
  find: string;
  replace: string;
}

export interface Mutant {
  id: string;
  /** Reported separately: src/answer is being rewritten (issue 8) and its score moves with it. */
  group: 'kb' | 'llm' | 'adapters' | 'answer';
  bug: string;
  edits: Edit[];
  tests: string[];
}

const KB_TESTS = ['tests/kb-atomic.test.ts', 'tests/kb-incremental.test.ts', 'tests/core-reload.test.ts', 'tests/core-retrieval.test.ts', 'tests/cli-ask.test.ts'];
const LLM_TESTS = ['tests/llm-checks.test.ts', 'tests/llm-answerer.test.ts', 'tests/core-llm.test.ts', 'tests/core-citations.test.ts'];
const DISCORD_TESTS = ['tests/discord-no-pings.test.ts', 'tests/discord-messages.test.ts', 'tests/discord-ask.test.ts', 'tests/discord-e2e.test.ts'];
const SLACK_TESTS = ['tests/slack-no-pings.test.ts', 'tests/slack.test.ts', 'tests/slack-blocks.test.ts', 'tests/slack-e2e.test.ts'];
const ANSWER_TESTS = ['tests/core-answer-rules.test.ts', 'tests/core-answers-kinds.test.ts', 'tests/core-retrieval.test.ts', 'tests/core-followup.test.ts'];

const one = (file: string, find: string, replace: string): Edit[] => [{ file, find, replace }];

/**
 * Why each edit of a mutant cannot be planted (its find text is missing, or there more than once,
 * counting the edits before it in the same file), given a reader of the project's files; empty when
 * it can.
 */
export function staleEdits(m: Mutant, read: (file: string) => string): string[] {
  const texts = new Map<string, string>();
  const problems: string[] = [];
  for (const e of m.edits) {
    if (!texts.has(e.file)) texts.set(e.file, read(e.file));
    const text = texts.get(e.file)!;
    const times = text.split(e.find).length - 1;
    if (times !== 1) {
      problems.push(`${e.file}: find text ${times ? `occurs ${times} times` : 'is missing'}: ${JSON.stringify(e.find.slice(0, 80))}`);
      continue;
    }
    texts.set(e.file, text.replace(e.find, () => e.replace));
  }
  return problems;
}

export const MUTANTS: Mutant[] = [
  // ---- src/kb ----
  {
    id: 'kb/edit-serving-store',
    group: 'kb',
    bug: 'a reload edits the serving HNSW store instead of a copy',
    // The new graph is a fork of the serving one (HnswStore.fork); the bug edits the serving graph itself.
    edits: one('src/kb/build.ts', '? await prevStore.fork(() => slicer.tick())', '? prevStore'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/delete-old-index-first',
    group: 'kb',
    bug: 'saveSnapshot deletes the old index before writing the new one',
    edits: one('src/kb/persist.ts', "  if (snap.store) await snap.store.save(path.join(fresh, 'vectors'));", "  fsSync.rmSync(target, { recursive: true, force: true });\n  if (snap.store) await snap.store.save(path.join(fresh, 'vectors'));"),
    tests: KB_TESTS,
  },
  {
    id: 'kb/serve-before-save',
    group: 'kb',
    bug: 'the new snapshot is served before it is saved',
    // The swap moves above the save (and its publish to the replicas).
    edits: [
      { file: 'src/kb/knowledge-base.ts', find: '      if (!this.opts.inMemory && changed) {\n        await withDataDirLock(', replace: '      this.current = snapshot;\n      if (!this.opts.inMemory && changed) {\n        await withDataDirLock(' },
      { file: 'src/kb/knowledge-base.ts', find: '      this.current = snapshot; // the swap: questions from here on see the new index\n', replace: '' },
    ],
    tests: KB_TESTS,
  },
  {
    id: 'kb/no-restore-after-crash',
    group: 'kb',
    bug: 'a crash between the two renames of a save leaves no index to load',
    edits: one('src/kb/persist.ts', 'if (olds.length) await fs.rename(', 'if (olds.length && false) await fs.rename('),
    tests: KB_TESTS,
  },
  {
    id: 'kb/unchanged-fast-path-ignores-changes',
    group: 'kb',
    bug: 'any reload with a previous index reuses it unchanged',
    // The no-change shortcut (return the previous snapshot) taken whenever there is one.
    edits: one('src/kb/build.ts', 'if (base && freshCount === 0 && keptChunks === base.size) {', 'if (base) {'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/drop-last-good-version',
    group: 'kb',
    bug: 'a document that became unreadable is dropped instead of keeping its last good version',
    edits: one('src/kb/build.ts', 'for (const id of input.keep ?? []) if', 'for (const id of [] as string[]) if'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/changed-chunk-keeps-old-vector',
    group: 'kb',
    bug: 'a changed chunk keeps the vector of its old text',
    // Vectors are reused by the text's hash; the bug also reuses the vector of the chunk that was at
    // the same place of the document, whatever its text now (chunk ids hash the text, so not by id).
    edits: [
      { file: 'src/kb/build.ts', find: 'reusable.set(c.hash, c.id);', replace: 'reusable.set(c.hash, c.id);\n    reusable.set(`${c.docId}@${c.start}`, c.id);' },
      { file: 'src/kb/build.ts', find: 'const id = reusable.get(c.hash);', replace: 'const id = reusable.get(c.hash) ?? reusable.get(`${c.docId}@${c.start}`);' },
    ],
    tests: KB_TESTS,
  },
  {
    id: 'kb/re-embed-everything',
    group: 'kb',
    bug: 'vectors of unchanged text are embedded again (a paid API bills them twice)',
    edits: one('src/kb/build.ts', 'const todo = fresh.map((_, i) => i).filter((i) => vectors[i] === undefined);', 'const todo = fresh.map((_, i) => i);'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/stale-chunk-settings',
    group: 'kb',
    bug: 'an index built with another chunk size is served',
    edits: one('src/kb/persist.ts', "if (m.chunkSize !== s.chunkSize || m.chunkOverlap !== s.chunkOverlap) return 'chunk size or overlap changed';", ''),
    tests: KB_TESTS,
  },
  {
    id: 'kb/stale-embedder-settings',
    group: 'kb',
    bug: 'an index built with other embedder settings is served',
    edits: one('src/kb/persist.ts', 'if (m.embeddingsFingerprint !== s.embeddingsFingerprint) return', 'if (false) return'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/no-persisted-start',
    group: 'kb',
    bug: 'a restart ignores the saved index and re-embeds everything',
    edits: one('src/kb/knowledge-base.ts', 'if (manifest && !stale) {', 'if (false) {'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/parallel-reloads',
    group: 'kb',
    bug: 'concurrent reloads race instead of coalescing',
    edits: one('src/kb/knowledge-base.ts', '    if (!this.running) {\n      this.running', '    if (true) {\n      this.running'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/broken-glossary-ignored',
    group: 'kb',
    bug: 'a broken glossary silently empties it instead of failing the reload',
    edits: one('src/kb/knowledge-base.ts', "throw new BotError('RELOAD_FAILED', (err as Error).message, { cause: err });\n      }", 'glossary = Glossary.empty();\n      }'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/failed-reload-reported-ok',
    group: 'kb',
    bug: 'status reports a failed reload as ok',
    edits: one('src/kb/knowledge-base.ts', 'this.last = { at, ok: false, error: e.message, ...(by ? { by } : {}) };', 'this.last = { at, ok: true, ...(by ? { by } : {}) };'),
    tests: KB_TESTS,
  },
  {
    id: 'kb/no-about-chunk',
    group: 'kb',
    bug: 'the byline (author, publisher) is not indexed, so "who wrote this?" cannot be answered',
    edits: one('src/kb/build.ts', '    if (about) cs.push(about);\n', ''),
    tests: [...KB_TESTS, 'tests/core-answers-kinds.test.ts', 'tests/core-answer-rules.test.ts'],
  },
  {
    id: 'kb/section-not-searched',
    group: 'kb',
    bug: 'a chunk is searched without its section title',
    edits: one('src/kb/snapshot.ts', 'return chunk.section ? `${chunk.section}\\n${chunk.text}` : chunk.text;', 'return chunk.text;'),
    tests: KB_TESTS,
  },

  // ---- src/replicas (several replicas, one index) ----
  {
    id: 'replicas/no-hash-check',
    group: 'kb',
    bug: 'a fetched snapshot is checked by size only, so changed bytes are served',
    edits: one('src/replicas/snapshot-store.ts', "if (size !== f.size || hash.digest('hex') !== f.sha256) throw", 'if (size !== f.size) throw'),
    tests: ['tests/replicas.test.ts'],
  },
  {
    id: 'replicas/startup-rebuilds',
    group: 'kb',
    bug: 'a replica started during another one\'s build builds too once the lock is free',
    edits: one('src/replicas/postgres-replication.ts', 'if (this.kb!.serving) return undefined;', ''),
    tests: ['tests/replicas.test.ts'],
  },
  {
    id: 'replicas/no-build-lock',
    group: 'kb',
    bug: 'builds do not wait for the build lock',
    edits: one('src/replicas/postgres-replication.ts', "'SELECT pg_try_advisory_lock($1, $2) AS got'", "'SELECT true AS got'"),
    tests: ['tests/replicas.test.ts'],
  },
  {
    id: 'replicas/refetch-served-version',
    group: 'kb',
    bug: 'a replica fetches and reloads the version it already serves on every poll and notification',
    edits: one('src/replicas/postgres-replication.ts', 'if (!latest || (this.served ?? 0) >= latest.version || this.refused.has(latest.version)) return;', 'if (!latest || this.refused.has(latest.version)) return;'),
    tests: ['tests/replicas.test.ts'],
  },
  // ---- src/llm/output-checks.ts ----
  {
    id: 'llm/unknown-citations-kept',
    group: 'llm',
    bug: 'a citation number the model made up is kept',
    edits: one('src/llm/output-checks.ts', 'const good = nums.filter((n) => valid.has(n));', 'const good = nums;'),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/any-link-allowed',
    group: 'llm',
    bug: 'a Markdown link to any host stays clickable',
    edits: one('src/llm/output-checks.ts', '    if (isAllowed(url)) return keep(m);\n    neutralised.push(url);\n    // "[1]', '    return keep(m);\n    neutralised.push(url);\n    // "[1]'),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/images-kept',
    group: 'llm',
    bug: 'an image (which fetches by itself) survives in the answer',
    edits: one('src/llm/output-checks.ts', 'let text = input.replace(IMAGE, (_m, alt: string, url: string) => {\n    neutralised.push(url);\n    return alt.trim();', 'let text = input.replace(IMAGE, (m: string, _alt: string, url: string) => {\n    neutralised.push(url);\n    return m;'),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/bare-urls-live',
    group: 'llm',
    bug: 'a bare URL to an unknown host stays live',
    edits: one('src/llm/output-checks.ts', 'return defang(url) + tail;', 'return url + tail;'),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/angle-links-live',
    group: 'llm',
    bug: 'a Slack-style <url|label> link to any host stays live',
    edits: one('src/llm/output-checks.ts', "    if (isAllowed(url)) return keep(m);\n    neutralised.push(url);\n    return label?.trim() ?? defang(url);", '    return keep(m);'),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/sentinel-ignored',
    group: 'llm',
    bug: 'the abstain sentinel is not recognised',
    edits: one('src/llm/output-checks.ts', 'const abstained = raw.includes(SENTINEL);', 'const abstained = false;'),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/partial-unchecked',
    group: 'llm',
    bug: 'streamed partial text skips the checks',
    edits: one('src/llm/output-checks.ts', '  return checkOutput(held, sent).text;', '  return held;'),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/years-as-citations',
    group: 'llm',
    bug: '"[2023]" is read as a citation of passage 2023',
    edits: one('src/llm/output-checks.ts', 'if (out.some((n) => n > 999)) return null;', ''),
    tests: LLM_TESTS,
  },
  {
    id: 'llm/citation-off-by-one',
    group: 'llm',
    bug: 'LLM citation [n] mapped to passage n+1',
    edits: one('src/bot.ts', 'const p = passages[n - 1];', 'const p = passages[n] ?? passages[n - 1];'),
    tests: LLM_TESTS,
  },

  // ---- adapters: safety paths ----
  {
    id: 'discord/pings-allowed',
    group: 'adapters',
    bug: 'Discord refusals and apologies sent without allowedMentions (client default removed too)',
    edits: [
      { file: 'adapters/discord/client.ts', find: '    allowedMentions: { ...NO_PINGS },\n', replace: '' },
      { file: 'adapters/discord/messages.ts', find: "await message.reply({ content: refused, allowedMentions: NO_PINGS });", replace: 'await message.reply({ content: refused });' },
      { file: 'adapters/discord/messages.ts', find: "await message.reply({ content, allowedMentions: NO_PINGS })", replace: 'await message.reply({ content })' },
      { file: 'adapters/discord/interactions.ts', find: "await interaction.reply({ content: refused, flags: EPHEMERAL, allowedMentions: NO_PINGS });", replace: 'await interaction.reply({ content: refused, flags: EPHEMERAL });' },
      { file: 'adapters/discord/interactions.ts', find: "await interaction.editReply({ content: apology(ctx, err, lang, 'ask'), allowedMentions: NO_PINGS });", replace: "await interaction.editReply({ content: apology(ctx, err, lang, 'ask') });" },
    ],
    tests: DISCORD_TESTS,
  },
  {
    id: 'discord/answer-pings',
    group: 'adapters',
    bug: 'a Discord mention answer quoting @everyone pings (client default removed too)',
    edits: [
      { file: 'adapters/discord/client.ts', find: '    allowedMentions: { ...NO_PINGS },\n', replace: '' },
      { file: 'adapters/discord/messages.ts', find: 'else await message.reply({ ...first, allowedMentions: NO_PINGS });', replace: 'else await message.reply({ ...first });' },
    ],
    tests: DISCORD_TESTS,
  },
  {
    id: 'discord/answers-bots',
    group: 'adapters',
    bug: 'the Discord bot answers other bots',
    edits: one('adapters/discord/messages.ts', 'export const isFromBot = (m: Message) => m.author.bot || m.webhookId !== null;', 'export const isFromBot = (_m: Message) => false;'),
    tests: DISCORD_TESTS,
  },
  {
    id: 'discord/message-twice',
    group: 'adapters',
    bug: 'a redelivered Discord message is answered twice',
    edits: one('adapters/discord/messages.ts', 'if (!opts.resumed && !(await ctx.services.dedupe.firstSeen(key))) {', 'if (false) {'),
    tests: DISCORD_TESTS,
  },
  {
    id: 'discord/interaction-twice',
    group: 'adapters',
    bug: 'a redelivered Discord interaction is answered twice',
    edits: one('adapters/discord/interactions.ts', 'if (!(await ctx.services.dedupe.firstSeen(interactionKey(interaction.id)))) {', 'if (false) {'),
    tests: DISCORD_TESTS,
  },
  {
    id: 'postgres/claim-always-wins',
    group: 'adapters',
    bug: 'the Postgres reply-once claim overwrites a live key, so a retry on another replica is answered again',
    edits: one('src/services/postgres/claims.ts', 'ON CONFLICT (${keyCol}) DO UPDATE SET at = excluded.at WHERE ${table}.at <= $3`', 'ON CONFLICT (${keyCol}) DO UPDATE SET at = excluded.at`'),
    tests: ['tests/store-contract.test.ts', 'tests/slack-replicas.test.ts'],
  },
  {
    id: 'postgres/migrate-unlocked',
    group: 'adapters',
    bug: 'two replicas starting together both run the migration and one start-up fails',
    edits: one('src/services/postgres/migrations.ts', "await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);", ''),
    tests: ['tests/postgres-shared-state.test.ts'],
  },
  {
    id: 'postgres/rate-limit-never-refuses',
    group: 'adapters',
    bug: 'the shared token bucket spends without checking, so a user is never limited across replicas',
    edits: one('src/services/postgres/rate-limit.ts', 'allowed = ${refill} >= 1,', 'allowed = true,'),
    tests: ['tests/store-contract.test.ts', 'tests/postgres-shared-state.test.ts'],
  },
  {
    id: 'discord/no-rate-limit',
    group: 'adapters',
    bug: 'Discord users are never rate-limited',
    edits: one('adapters/discord/answering.ts', 'if (!(await ctx.services.rateLimiter.tryConsume(key))) {', 'if (false) {'),
    tests: DISCORD_TESTS,
  },
  {
    id: 'discord/apology-leaks',
    group: 'adapters',
    bug: 'a Discord apology shows the internal error',
    edits: one('adapters/discord/answering.ts', '  return userMessage(e.code, lang);\n}', '  return e.message;\n}'),
    tests: DISCORD_TESTS,
  },
  {
    id: 'discord/everyone-is-admin',
    group: 'adapters',
    bug: 'any Discord member may run /kb reload',
    edits: one('adapters/discord/interactions.ts', 'if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;', 'return true;'),
    tests: DISCORD_TESTS,
  },
  {
    id: 'slack/broadcasts-unescaped',
    group: 'adapters',
    bug: 'Slack text is posted without neutralising <!channel>',
    edits: one('adapters/slack/mrkdwn.ts', "return escapeMrkdwn(text).replace(/@(channel|here|everyone)\\b/gi, '@\\u2060$1');", 'return text;'),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/plain-broadcast-live',
    group: 'adapters',
    bug: 'a plain @channel in Slack text is left linkable',
    edits: one('adapters/slack/mrkdwn.ts', "return escapeMrkdwn(text).replace(/@(channel|here|everyone)\\b/gi, '@\\u2060$1');", 'return escapeMrkdwn(text);'),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/dedupe-failure-silences',
    group: 'adapters',
    bug: 'the Slack reply-once store failing silences the bot',
    // The message path's catch (the slash-command path has its own copy of these lines).
    edits: one('adapters/slack/app.ts', "harm.\n      ctx.logger.error('slack dedupe store failed', { err });\n      return true;", 'harm.\n      throw err;'),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/reply-twice',
    group: 'adapters',
    bug: 'a Slack message delivered twice is answered twice',
    edits: one('adapters/slack/app.ts', 'return byEvent && byMessage;', 'return true;'),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/retry-while-in-flight',
    group: 'adapters',
    bug: 'a Slack retry of a question still being answered is answered again',
    edits: [
      { file: 'adapters/slack/app.ts', find: 'if (eventId && retryNum && inFlight.has(eventId)) return false;', replace: '' },
      { file: 'adapters/slack/app.ts', find: 'const byEvent = eventId ? await ctx.services.dedupe.firstSeen(`slack:event:${eventId}`) : true;', replace: 'const byEvent = true;' },
      { file: 'adapters/slack/app.ts', find: 'const byMessage = await ctx.services.dedupe.firstSeen(messageKey(e));', replace: 'const byMessage = true;' },
    ],
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/no-rate-limit',
    group: 'adapters',
    bug: 'Slack users are never rate-limited',
    edits: one('adapters/slack/reply.ts', "if (!(await deps.ctx.services.rateLimiter.tryConsume(`slack:${req.user}`))) return 'RATE_LIMITED';", ''),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/apology-leaks',
    group: 'adapters',
    bug: 'a Slack apology shows the internal error',
    edits: one('adapters/slack/reply.ts', 'messages = [noticeMessage(userMessage(e.code, lang))];', 'messages = [noticeMessage(e.message)];'),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/lost-when-update-fails',
    group: 'adapters',
    bug: 'the Slack answer is lost when the placeholder cannot be updated',
    edits: one('adapters/slack/reply.ts', 'for (const m of updated ? rest : messages) {', 'for (const m of rest) {'),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/feedback-failure-loses-answer',
    group: 'adapters',
    bug: 'the feedback store failing loses the Slack answer',
    edits: one('adapters/slack/reply.ts', "ctx.logger.error('slack feedback store failed', { err, answerId: answer.id });", 'throw err;'),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/answers-itself',
    group: 'adapters',
    bug: 'the Slack bot answers its own messages',
    edits: one('adapters/slack/events.ts', "if (fromSelf(e, me)) return 'own message';", ''),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/answers-bots',
    group: 'adapters',
    bug: 'the Slack bot answers other bots',
    edits: one('adapters/slack/events.ts', "if (fromOtherBot(e)) return 'other bot';", ''),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/admin-fails-open',
    group: 'adapters',
    bug: 'a users.info outage hands /kb reload to everyone',
    edits: one('adapters/slack/admins.ts', "this.logger.warn('slack users.info failed; treating user as non-admin', { err, user });\n      return false;", "this.logger.warn('slack users.info failed; treating user as non-admin', { err, user });\n      return true;"),
    tests: SLACK_TESTS,
  },
  {
    id: 'slack/everyone-is-admin',
    group: 'adapters',
    bug: 'any Slack user may run /kb reload',
    edits: one('adapters/slack/admins.ts', 'if (!this.config.workspaceAdminsAreAdmins) return false;', 'if (!this.config.workspaceAdminsAreAdmins) return true;'),
    tests: SLACK_TESTS,
  },

  {
    id: 'discord/shard-ids-ignored',
    group: 'adapters',
    bug: 'DISCORD_SHARDS / DISCORD_SHARD_IDS never reach discord.js: every process runs shard 0 of 1',
    edits: one('adapters/discord/client.ts', '  if (!shards) return {};', '  return {};'),
    tests: ['tests/discord-shards.test.ts'],
  },
  {
    id: 'discord/digest-per-shard-process',
    group: 'adapters',
    bug: 'every shard process posts the weekly digest',
    edits: one('adapters/discord/index.ts', 'shards.includes(0) ? startDiscordDigest', 'true ? startDiscordDigest'),
    tests: ['tests/discord-shards.test.ts'],
  },
  {
    id: 'health/readyz-always-ready',
    group: 'adapters',
    bug: '/readyz says ready while the index loads or the database is away',
    edits: one('src/health/readiness.ts', 'ready: states.every((s) => s.ok)', 'ready: true'),
    tests: ['tests/health.test.ts'],
  },
  {
    id: 'health/probe-hangs-with-database',
    group: 'adapters',
    bug: 'a check that never answers hangs /readyz',
    edits: one('src/health/readiness.ts', 'await Promise.race([Promise.resolve().then(() => c.check()), deadline]);', 'await c.check();'),
    tests: ['tests/health.test.ts'],
  },

  // ---- src/answer (reported apart: issue 8 replaces these rules) ----
  {
    id: 'answer/worst-candidate-quoted',
    group: 'answer',
    bug: 'the ranker order is reversed: the least likely sentence is quoted',
    edits: one('src/answer/extractive.ts', '.sort((a, b) => b.logit - a.logit)', '.sort((a, b) => a.logit - b.logit)'),
    tests: [...ANSWER_TESTS, 'tests/answer-selector.test.ts'],
  },
  {
    id: 'answer/confidence-ignored',
    group: 'answer',
    bug: 'ANSWER_MIN_CONFIDENCE is ignored: every low-confidence answer is quoted',
    edits: one('src/answer/extractive.ts', 'if (confidence < min) {', 'if (false) {'),
    tests: [...ANSWER_TESTS, 'tests/answer-selector.test.ts'],
  },
  {
    id: 'answer/unstated-figure-answered',
    group: 'answer',
    bug: 'a "how many / 얼마" question is answered by a quote that states no figure of the asked kind',
    edits: one('src/answer/extractive.ts', "if (z[FIGURE_MISSING] === 1) return", 'if (false) return'),
    tests: ['tests/answer-selector-attributes.test.ts'],
  },
  {
    id: 'answer/past-date-for-when-will',
    group: 'answer',
    bug: 'a "when will" question is answered by a quote whose only date is already past',
    edits: one('src/answer/extractive.ts', 'if (z[DATE_MISSING] === 1 && asksFuture(question)) return', 'if (false) return'),
    tests: ['tests/answer-selector-attributes.test.ts'],
  },
  {
    id: 'answer/other-sum-for-asked-sum',
    group: 'answer',
    bug: 'a valuation question is answered by a quote that gives an investment',
    edits: one('src/answer/extractive.ts', 'if (attributeMismatch(question, top.text)) return', 'if (false) return'),
    tests: ['tests/answer-selector-attributes.test.ts'],
  },
  {
    id: 'answer/long-sentence-not-cut',
    group: 'answer',
    bug: 'a long sentence is quoted from its start, not around the question’s words',
    edits: one('src/answer/selector/span.ts', 'if (hits > bestHits) {', 'if (hits > bestHits && i === 0) {'),
    tests: ['tests/answer-selector.test.ts'],
  },
  {
    id: 'answer/ranker-gradient-sign',
    group: 'answer',
    bug: 'the ranker is fitted with the wrong sign of the gradient',
    edits: one('src/answer/selector/fit.ts', '(e[i] / all - (y[i] ? e[i] / pos : 0))', '(e[i] / all + (y[i] ? e[i] / pos : 0))'),
    tests: ['tests/answer-selector.test.ts', 'tests/cli-train.test.ts'],
  },
  {
    id: 'answer/korean-only-read-across-languages',
    group: 'answer',
    bug: 'the models used across languages read the Korean-only feature they were fitted without',
    edits: one('src/answer/selector/cross-lingual.ts', ' || KOREAN_ONLY_FEATURES.includes(n))', ')'),
    tests: ['tests/answer-selector-topic-dropped.test.ts', 'tests/answer-selector.test.ts'],
  },
  {
    id: 'answer/added-feature-centred',
    group: 'answer',
    bug: 'a feature fitted on top of the shared ranker is centred, so every English logit moves',
    edits: one('src/answer/selector/fit.ts', '    out.mean[j] = 0;', '    out.mean[j] = 0.05;'),
    tests: ['tests/answer-selector-topic-dropped.test.ts'],
  },
  {
    id: 'answer/asked-figure-across-ignored',
    group: 'answer',
    bug: 'an English question over Korean text asking an age ("How old … when") is answered with a quote that gives no age',
    edits: one('src/answer/extractive.ts', 'if (across && askedKindMissingAcross(question, top.text))', 'if (false && askedKindMissingAcross(question, top.text))'),
    tests: ['tests/answer-cross-lingual-asked-figure.test.ts'],
  },
  {
    id: 'answer/name-ordinal-read-as-age',
    group: 'answer',
    bug: 'a name\u2019s ordinal (루이 16세, 네카우 2세) is read as an age, so a quote without the asked age looks like it holds one',
    edits: one('src/answer/selector/attributes.ts', "if (kind === 'age' && /^세/.test(unit) && isNameOrdinal(", "if (false && isNameOrdinal("),
    tests: ['tests/answer-cross-lingual-asked-figure.test.ts'],
  },
  {
    id: 'answer/other-subject-fact-answered',
    group: 'answer',
    bug: 'another company\u2019s founding date (a quote opening with its own topic) is answered for the asked one, named only in the paragraph before',
    edits: one('src/answer/extractive.ts', '  if (other) return `the quote is about', '  if (false) return `the quote is about'),
    tests: ['tests/answer-selector-other-subject.test.ts'],
  },
  {
    id: 'answer/unknown-names-answered',
    group: 'answer',
    bug: 'a question about a name no document mentions is answered',
    edits: one('src/answer/extractive.ts', 'if (unknown) return { reason', 'if (false) return { reason'),
    tests: ANSWER_TESTS,
  },
  {
    id: 'answer/off-topic-question-answered',
    group: 'answer',
    bug: 'an off-topic question sharing one word with the documents is answered',
    edits: one('src/answer/extractive.ts', 'if (latin.length >= 3 && latin.filter((g) => g.present).length <= 1) return', 'if (false) return'),
    tests: ANSWER_TESTS,
  },
  {
    id: 'answer/asked-of-others-answered',
    group: 'answer',
    bug: 'an English question about a name found by sound is answered when only documents that never give the name hold what is asked (Who did Woodrow Wilson marry?)',
    edits: one('src/answer/extractive.ts', 'if (sound && askedOnlyOfOthers(groups, cands)) return', 'if (false) return'),
    tests: ['tests/names-given-look-alikes.test.ts'],
  },
  {
    id: 'answer/asked-of-others-by-passage',
    group: 'answer',
    bug: 'the asked fact counts as someone else’s whenever its passage lacks the name, though Korean drops the subject within the person’s own article',
    edits: one('src/answer/asked-elsewhere.ts', 'holding.every((c) => !naming.has(c.chunk.docId))', 'holding.every((c) => !names.some((i) => c.chunkDegrees[i] >= HELD))'),
    tests: ['tests/answer-asked-elsewhere.test.ts', 'tests/names-given-look-alikes.test.ts'],
  },
];
