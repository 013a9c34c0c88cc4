'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { describeApiError } from '@/lib/api-error';
import { createCrosswindClient, TRPCProvider } from '@/lib/trpc';

/** Answers that another try cannot change (an unknown id, a bad input) are not retried. */
const FINAL_CODES = new Set(['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'UNPROCESSABLE_CONTENT']);
const retryOnce = (failures: number, error: unknown): boolean =>
  failures < 1 && !FINAL_CODES.has(describeApiError(error).code ?? '');

/** One query client and one tRPC client per browser tab (per request while rendering on the server). */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 30_000, retry: retryOnce, refetchOnWindowFocus: false },
        },
      }),
  );
  const [trpcClient] = useState(() => createCrosswindClient());
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
