import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestApp, type TestApp } from '../../helpers/app.js';

/** A client that sends its request slowly is cut off at the configured limit, not held for minutes. */
describe('resilience: HTTP server limits', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000' } });
  });
  after(() => app.close());

  it('applies the configured limits to the server', () => {
    assert.equal(app.server.requestTimeout, 1500);
    assert.equal(app.server.headersTimeout, 1000);
    assert.equal(app.server.keepAliveTimeout, 65_000);
    assert.equal(app.server.maxConnections, 4000);
  });

  it('answers 408 and closes a connection whose body trickles in past the request timeout', async () => {
    const started = Date.now();
    const answer = await slowPost(app, 1500 * 4);
    const took = Date.now() - started;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(took < 4000, `cut off after ${took} ms`);
  });
});

/** Sends a POST's headers, then one byte of its body every 200 ms; resolves with what came back. */
function slowPost(app: TestApp, forMs: number): Promise<string> {
  const { port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    const drip = setInterval(() => socket.write('a'), 200);
    const giveUp = setTimeout(() => socket.destroy(), forMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve(answer);
    });
    socket.on('error', reject);
    socket.write(
      'POST /auth/sign-out HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n',
    );
  });
}
