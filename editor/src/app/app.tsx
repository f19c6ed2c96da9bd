import { lazy, Suspense, type ComponentType } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { api, errorCode } from '../api/client';
import { TRPCProvider } from '../api/trpc';
import { NotFound } from '../ui/page';
import { BareShell, Shell } from './shell';

const loading = <p className="page-loading">Loading…</p>;

// Each page is its own chunk, so opening the runs list on a phone never downloads the canvas.
function page(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={loading}>
      <Page />
    </Suspense>
  );
}

const router = createBrowserRouter([
  { path: 'login', element: page(() => import('../pages/auth/login-page')) },
  { path: 'signup', element: page(() => import('../pages/auth/signup-page')) },
  { path: 'invite', element: page(() => import('../pages/auth/invite-page')) },
  {
    element: <BareShell />,
    children: [{ path: 'scratch', element: page(() => import('../pages/scratch-page')) }],
  },
  {
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/flows" replace /> },
      { path: 'flows', element: page(() => import('../pages/flows-page')) },
      { path: 'flows/:flowId', element: page(() => import('../pages/flow-page')) },
      { path: 'flows/:flowId/compare', element: page(() => import('../pages/compare-page')) },
      { path: 'inbox', element: page(() => import('../pages/inbox-page')) },
      { path: 'runs', element: page(() => import('../pages/runs-page')) },
      { path: 'runs/:runId', element: page(() => import('../pages/run-page')) },
      { path: 'chat', element: page(() => import('../pages/agent-chat-page')) },
      { path: 'chat/:conversationId', element: page(() => import('../pages/agent-chat-page')) },
      { path: 'connections', element: page(() => import('../pages/connections-page')) },
      { path: 'connectors', element: page(() => import('../pages/connectors-page')) },
      { path: 'members', element: page(() => import('../pages/members-page')) },
      { path: 'audit', element: page(() => import('../pages/audit-page')) },
      { path: 'settings', element: page(() => import('../pages/settings-page')) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A missing or forbidden resource will not appear by asking again.
      retry: (failures, error) =>
        failures < 2 &&
        !['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED'].includes(errorCode(error) ?? ''),
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={api} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
