/** `@pipecraft/store/terms`: the store's term lists with nothing else attached (browser-safe). */
export { RUN_STATUSES, ACTIVE_RUN_STATUSES, type RunStatus } from './run-statuses.js';
export { ROLES, type Role } from './roles.js';
export {
  WEBHOOK_EVENTS,
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookEvent,
  type WebhookDeliveryEvent,
  type WebhookDeliveryStatus,
} from './webhook-events.js';
