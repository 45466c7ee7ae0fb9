// An OpenAI-compatible /v1/chat/completions stub on loopback: fixed replies, replies computed from the request, or none.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  temperature?: number;
  messages: Array<{ role: string; content: string }>;
}

/** A reply: an HTTP status with the assistant's content, or `hang` (the request is never answered). */
export type StubReply = { status: number; content?: string } | 'hang';

export interface LlmStub {
  baseUrl: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

const servers: LlmStub[] = [];

/** Starts a stub on 127.0.0.1 that answers with `reply` (or what `reply(request)` gives). Close with {@link closeLlmStubs}. */
export async function startLlmStub(reply: StubReply | ((request: ChatRequest) => StubReply)): Promise<LlmStub> {
  const requests: ChatRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const request = JSON.parse(body) as ChatRequest;
      requests.push(request);
      const answer = typeof reply === 'function' ? reply(request) : reply;
      if (answer === 'hang') return; // never answers: the client must give up on its own
      if (answer.status !== 200) {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-stub',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: request.model ?? 'stub',
          choices: [{ index: 0, message: { role: 'assistant', content: answer.content ?? '' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stub: LlmStub = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(stub);
  return stub;
}

/** Closes every stub started so far (an `afterEach`). */
export async function closeLlmStubs(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}
