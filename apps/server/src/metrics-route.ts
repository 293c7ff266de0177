import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface MetricsSource {
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * `GET /metrics` (Prometheus text format), closed by default (decision 137): without a configured
 * token it answers 404; with one, only `Authorization: Bearer <token>` gets the metrics.
 */
export function metricsRoute(metrics: MetricsSource, token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return (req, res, next) => {
    if (expected === null) {
      res.status(404).json({
        error: { message: 'Metrics are off; set PIPECRAFT_METRICS_TOKEN to serve them.', status: 404 },
      });
      return;
    }
    const presented = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    // Digests of equal length, compared in constant time: the comparison leaks nothing of the token.
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="pipecraft-metrics"')
        .json({ error: { message: 'Send the metrics token as "Authorization: Bearer <token>".', status: 401 } });
      return;
    }
    metrics
      .render()
      .then(({ contentType, body }) => {
        res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
      })
      .catch(next);
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
