import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Where the traced deployment exports its spans: an OTLP/HTTP endpoint that reads every export and answers 200,
 * as a collector on the same machine would, keeping only counts. What tracing costs Tessera is then its own
 * work: making spans, batching and encoding them, posting them.
 */
export class SpanSink {
  exports = 0;
  bytes = 0;
  url = '';
  private readonly server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (this.bytes += chunk.length));
    request.on('end', () => {
      this.exports += 1;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });

  static async start(): Promise<SpanSink> {
    const sink = new SpanSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    sink.url = `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
    return sink;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
