/**
 * `kubeward watch --metrics-listen`: an HTTP server for Prometheus with two paths, `/metrics` (the last
 * check's exposition, in the format the scraper's Accept header asks for) and `/-/healthy`. Anything
 * else is 404, any method but GET and HEAD 405. Each exposition is rendered once per check and format.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricFamily } from '../../../shared/metrics/family';
import { exposition, negotiatedFormat, type ExpositionFormat } from './registry';

export interface ListenAddress {
  host: string;
  port: number;
}

type Rendered = { text: string; contentType: string };

export class MetricsServer {
  private families: readonly MetricFamily[] = [];
  private rendered = new Map<ExpositionFormat, Promise<Rendered>>();
  private readonly server = http.createServer((request, response) => void this.answer(request, response));

  /**
   * What /metrics serves from now on. The OpenMetrics text, which Prometheus asks for first, is
   * rendered now rather than on the next scrape: prom-client takes most of a second for 1000 contexts.
   */
  update(families: readonly MetricFamily[]): void {
    this.families = families;
    this.rendered = new Map();
    // A failure shows on the scrape that asks for it (500), not here.
    this.render('openmetrics').catch(() => undefined);
  }

  /** Starts listening; rejects with the system's error (EADDRINUSE, EADDRNOTAVAIL...) when it cannot. */
  async listen(address: ListenAddress): Promise<ListenAddress> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(address.port, address.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const bound = this.server.address() as AddressInfo;
    return { host: bound.address, port: bound.port };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private render(format: ExpositionFormat): Promise<Rendered> {
    let rendered = this.rendered.get(format);
    if (!rendered) {
      rendered = exposition(this.families, format);
      this.rendered.set(format, rendered);
    }
    return rendered;
  }

  private async answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' && path !== '/-/healthy') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    if (path === '/-/healthy') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('OK\n');
      return;
    }
    let rendered: Rendered;
    try {
      rendered = await this.render(negotiatedFormat(request.headers.accept));
    } catch {
      response
        .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('the metrics could not be rendered\n');
      return;
    }
    const { text, contentType } = rendered;
    response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
    response.end(request.method === 'HEAD' ? undefined : text);
  }
}
