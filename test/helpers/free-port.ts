// A loopback port that nothing listens on once this resolves: for a test server to take (the Bot API emulator wants
// a port number, not 0), or to send requests that fail with ECONNREFUSED.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
