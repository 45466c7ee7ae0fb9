// How the test proxies pass a Bot API call on to telegram-test-api: as is, except that an empty getUpdates is held
// for up to 1 s (the emulator answers at once, Telegram long-polls), so a polling bot does not spin.
import type http from 'node:http';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Forwards one request (its body already read) to `upstream` and writes the answer; 502 when it cannot be reached. */
export async function forwardToEmulator(
  upstream: string, req: http.IncomingMessage, res: http.ServerResponse, body: ReturnType<typeof Buffer.concat>, method: string,
): Promise<void> {
  let gone = false;
  res.on('close', () => (gone = true));
  const forward = () =>
    fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      body: req.method === 'GET' ? undefined : body,
    });
  try {
    let answer = await forward();
    let text = await answer.text();
    if (method === 'getUpdates') {
      const until = Date.now() + 1_000;
      while (!gone && Date.now() < until && answer.ok && JSON.parse(text).result?.length === 0) {
        await sleep(50);
        if (gone) return; // the bot stopped polling; do not consume updates it would never see
        answer = await forward();
        text = await answer.text();
      }
    }
    if (gone) return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(text);
  } catch (error) {
    if (!gone) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 502, description: String(error) }));
    }
  }
}
