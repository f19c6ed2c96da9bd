import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { Shell } from './shell';

// Each page is its own chunk, so opening the inbox on a phone never downloads the canvas.
const ScratchPage = lazy(() => import('../pages/scratch-page'));

const loading = <p className="page-loading">Loading…</p>;

const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/scratch" replace /> },
      {
        path: 'scratch',
        element: (
          <Suspense fallback={loading}>
            <ScratchPage />
          </Suspense>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

function NotFound() {
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>There is nothing at this address, or it belongs to another workspace.</p>
    </section>
  );
}

export function App() {
  return <RouterProvider router={router} />;
}
