// A flow's webhook endpoint: what a published webhook trigger listens on, and its secret (revealed on request, rotated).
import { connectorEventsEndpoint } from '../services/connector-triggers.js';
import * as flows from '../services/flows.js';
import { scopeOf } from '../services/scope.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { id, strict } from '../trpc/schemas.js';

export const webhooksRouter = router({
  get: tenantProcedure
    .input(strict({ flowId: id }))
    .query(({ ctx, input }) => flows.webhookEndpoint(scopeOf(ctx), input.flowId)),

  /** For a flow starting on a vendor's webhook (Stripe, Shopify, Slack, HubSpot): the URL to register there. */
  vendorEndpoint: tenantProcedure
    .input(strict({ flowId: id }))
    .query(({ ctx, input }) => connectorEventsEndpoint(scopeOf(ctx), input.flowId)),

  /** The current secret, shown to a builder on request (the trigger's Reveal); audited. */
  revealSecret: tenantProcedure
    .input(strict({ flowId: id }))
    .mutation(({ ctx, input }) => flows.revealWebhookSecret(scopeOf(ctx), input.flowId)),

  rotateSecret: tenantProcedure
    .input(strict({ flowId: id }))
    .mutation(({ ctx, input }) => flows.rotateWebhookSecret(scopeOf(ctx), input.flowId)),
});
