import { createHmac } from 'node:crypto';

/** The headers a webhook delivery is signed with; receivers check both. */
export const SIGNATURE_HEADER = 'X-PipeCraft-Signature';
export const TIMESTAMP_HEADER = 'X-PipeCraft-Timestamp';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the webhook's secret>`. The timestamp
 * (Unix seconds, also sent in its own header) is inside the MAC so a captured delivery cannot be
 * replayed later with a fresh timestamp; receivers refuse timestamps older than a few minutes.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
