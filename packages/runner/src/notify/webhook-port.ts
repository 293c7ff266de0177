/**
 * What the API asks of webhook delivery (the "send test" button). Types only; the host builds the
 * `WebhookDispatcher` and hands it to both the runner (as a notifier) and the API (as this port).
 */
export interface WebhookPort {
  /**
   * Sends a test payload to the webhook once, records the delivery and resolves with its id once
   * the attempt is over (delivered or failed). Throws NOT_FOUND for an unknown webhook.
   */
  sendTest(webhookId: string): Promise<{ deliveryId: string }>;
}
