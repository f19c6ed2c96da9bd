// The agent chat's API: a member's own conversations in the current tenant.
import { z } from 'zod';
import { scopeOf } from '../services/scope.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { id, strict } from '../trpc/schemas.js';
import { createConversation, getConversation, listConversations, sendMessage } from './service.js';

export const chatRouter = router({
  list: tenantProcedure
    .input(strict({ limit: z.int().min(1).max(200).default(50) }).optional())
    .query(({ ctx, input }) => listConversations(scopeOf(ctx), input?.limit ?? 50)),
  get: tenantProcedure
    .input(strict({ conversationId: id }))
    .query(({ ctx, input }) => getConversation(scopeOf(ctx), input.conversationId)),
  create: tenantProcedure
    .input(
      strict({
        persona: z.string().min(1).max(100),
        connectionId: id.optional(),
        model: z.string().max(200).default(''),
        title: z.string().max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createConversation(scopeOf(ctx), input)),
  send: tenantProcedure
    .input(strict({ conversationId: id, content: z.string().trim().min(1).max(20_000) }))
    .mutation(({ ctx, input }) => sendMessage(scopeOf(ctx), input)),
});
