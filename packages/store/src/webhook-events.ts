/**
 * What a webhook can be told about — the one definition; the API's zod enum and the web's
 * checkboxes derive from it. A leaf module, exported through `@pipecraft/store/terms`.
 * `failure`: a run failed. `success`: a run succeeded. `recovery`: a run succeeded after the
 * sync's previous run had failed (sent in addition to `success`, to those who ask for it).
 */
export const WEBHOOK_EVENTS = ['failure', 'success', 'recovery'] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a delivery was for: a run's outcome, or the "send test" button. */
export type WebhookDeliveryEvent = WebhookEvent | 'test';

/** A delivery's state: `pending` while attempts remain, then `delivered` (a 2xx answer) or `failed`. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
