import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@bizosaas/server/router';

/**
 * The API through TanStack Query: `useTRPC()` gives each procedure's `queryOptions`,
 * `mutationOptions` and `queryKey`, so every cached query is keyed by its procedure and input and
 * invalidated by the same generated key, never by a hand-written string. `TRPCProvider` (in the
 * app) binds it to the one API client and query cache.
 */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
