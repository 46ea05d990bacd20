// A password inside a URL setting (SLACK_API_URL=https://user:pass@proxy/…) must not be printed:
// not in configuration errors, not in the start-up error, not in any log line, debug included.
import { describe, expect, it } from 'vitest';
import { startSlack } from '../adapters/slack/index';
import { loadConfig } from '../src/config';
import { createLogger, redact } from '../src/logger';
import { openServices } from '../src/services';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeBot } from './helpers/fake-bot';

const SECRET = 'hunter2-pass';

describe('credentials in URL settings', () => {
  it.each([
    ['https://bob:hunter2-pass@proxy.example/api/', 'https://[redacted]@proxy.example/api/'],
    ['see http://hunter2-pass@10.0.0.1:8080/v1 now', 'see http://[redacted]@10.0.0.1:8080/v1 now'],
  ])('redact masks the userinfo of %s', (input, out) => {
    expect(redact(input)).toBe(out);
  });

  it('a bad URL setting is reported without its password', () => {
    let msg = '';
    try {
      loadConfig({ OPENAI_BASE_URL: `ftp://bob:${SECRET}@proxy.example/v1` });
    } catch (err) {
      msg = (err as Error).message;
    }
    expect(msg).toContain('OPENAI_BASE_URL="ftp://[redacted]@proxy.example/v1"');
    expect(msg).not.toContain(SECRET);
  });

  it('the Slack start-up error and the debug log never show the password in SLACK_API_URL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'url-cred-'));
    const logs: string[] = [];
    const logger = createLogger('debug', (l) => logs.push(l));
    const services = openServices(dataDir, { rateLimitPerMinute: 5, logger });
    try {
      const config = {
        botToken: 'xoxb-test-token', signingSecret: 'shh-secret-123', port: 0, apiUrl: `http://bob:${SECRET}@127.0.0.1:1/api/`,
        adminUserIds: [], workspaceAdminsAreAdmins: false, autoAnswerChannels: [], nativeStreaming: true,
      };
      const err = await startSlack({ bot: createFakeBot(), services, config, logger, maxQuestionChars: 100 }, { host: '127.0.0.1' }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toContain('Could not reach Slack');
      expect(err?.message).not.toContain(SECRET);
      expect(logs.join('\n')).not.toContain(SECRET);
    } finally {
      services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
