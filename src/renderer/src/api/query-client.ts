import { QueryClient } from '@tanstack/react-query';

/**
 * Answers only change when the data does, and the host says so (`data:changed`, see
 * api-context.tsx): they never go stale on a timer, are not refetched on focus, and an error is
 * shown as it is rather than retried behind the user's back.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Number.POSITIVE_INFINITY,
        gcTime: 5 * 60_000,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
}
