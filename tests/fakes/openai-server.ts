// A small OpenAI-compatible /v1/chat/completions server on 127.0.0.1 for LLM tests. It records
// every request and answers from a script: SSE streams, JSON, error statuses with headers,
// hangs, stalls mid-stream and malformed bodies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined if it was not JSON). */
  body: any;
  at: number;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

export type Scripted =
  /** SSE chat.completion.chunk stream; the usage chunk is sent when the request asked for it. */
  | { kind: 'stream'; chunks: string[]; usage?: FakeUsage; chunkDelayMs?: number; stallAfterChunks?: number }
  /** A non-streamed chat.completion JSON body. */
  | { kind: 'json'; content: string; usage?: FakeUsage }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  | { kind: 'raw'; status?: number; contentType: string; body: string };

export interface FakeOpenAiOptions {
  /** Answer 422 like Mistral when the body carries stream_options. */
  rejectStreamOptions?: boolean;
}

export interface FakeOpenAi {
  /** Base URL to use as OPENAI_BASE_URL, e.g. http://127.0.0.1:1234/v1 */
  url: string;
  requests: RecordedRequest[];
  /** Queue responses; each request takes the next one (a 500 when the queue is empty). */
  enqueue(...responses: Scripted[]): void;
  /** Forget scripted responses and recorded requests between tests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const queue: Scripted[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() });
      if (options.rejectStreamOptions && body?.stream_options) {
        // Mistral's shape: no top-level "error" key.
        return send(res, 422, { object: 'error', message: { detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted' }] }, type: 'invalid_request_error' });
      }
      const next = queue.shift() ?? { kind: 'status', status: 500, body: { error: { message: 'fake: no scripted response', type: 'server_error' } } };
      respond(next, body, res);
    });
  });

  function respond(s: Scripted, body: any, res: http.ServerResponse): void {
    const model = body?.model ?? 'fake-model';
    switch (s.kind) {
      case 'hang':
        return;
      case 'status':
        res.writeHead(s.status, { 'content-type': 'application/json', ...s.headers });
        res.end(s.body === undefined ? '' : JSON.stringify(s.body));
        return;
      case 'raw':
        res.writeHead(s.status ?? 200, { 'content-type': s.contentType });
        res.end(s.body);
        return;
      case 'json':
        return send(res, 200, {
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: s.content }, finish_reason: 'stop' }],
          usage: s.usage ? withTotal(s.usage) : undefined,
        });
      case 'stream': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
        const events: string[] = s.chunks.map((content, i) =>
          JSON.stringify({ ...base, choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content } : { content }, finish_reason: null }] }),
        );
        events.push(JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
        if (body?.stream_options?.include_usage && s.usage) events.push(JSON.stringify({ ...base, choices: [], usage: withTotal(s.usage) }));
        events.push('[DONE]');
        let i = 0;
        const step = () => {
          if (res.destroyed) return;
          if (s.stallAfterChunks !== undefined && i >= s.stallAfterChunks) return; // keep the socket open, send nothing
          if (i >= events.length) return void res.end();
          res.write(`data: ${events[i++]}\n\n`);
          if (s.chunkDelayMs) later(s.chunkDelayMs, step);
          else step();
        };
        step();
        return;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...r) => void queue.push(...r),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function withTotal(u: FakeUsage): FakeUsage & { total_tokens: number } {
  return { ...u, total_tokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
