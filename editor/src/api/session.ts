import { hashKey, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, errorCode, type Outputs } from './client';
import type { Role } from './roles';
import { useTRPC } from './trpc';

export type Me = Outputs['auth']['me'];

/**
 * The signed-in user and current tenant, or null when nobody is signed in. Every page reads it
 * from the one cached query, so signing in or switching tenant updates the whole app at once.
 */
export function useMe() {
  const trpc = useTRPC();
  return useQuery({
    queryKey: trpc.auth.me.queryKey(),
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.auth.me.query();
      } catch (error) {
        if (errorCode(error) === 'UNAUTHENTICATED') return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** The current tenant's role of the signed-in user (undefined while loading or outside a tenant). */
export function useRole(): Role | undefined {
  return useMe().data?.tenant?.role as Role | undefined;
}

/** After login, sign-up, logout or a tenant switch: everything cached belonged to the old session. */
export function useSessionChanged() {
  const client = useQueryClient();
  const meKey = useTRPC().auth.me.queryKey();
  return (me: Me | null) => {
    const kept = hashKey(meKey);
    client.removeQueries({ predicate: (q) => q.queryHash !== kept });
    // Typed as the procedure's answer, the key forbids the null that means "signed out" here.
    client.setQueryData<Me | null>(meKey as QueryKey, me);
  };
}
