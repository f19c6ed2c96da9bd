import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorCode, type Outputs } from './client';
import type { Role } from './roles';

export type Me = Outputs['auth']['me'];

export const ME_KEY = ['auth.me'] as const;

/**
 * The signed-in user and current tenant, or null when nobody is signed in. Every page reads it
 * from the one cached query, so signing in or switching tenant updates the whole app at once.
 */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
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
  return (me: Me | null) => {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    client.setQueryData(ME_KEY, me);
  };
}
