import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The dev server forwards API calls to the dev-profile server, so the editor and the API share one
// origin (session cookies and CSRF work as in production, where the server serves `dist/`).
const api = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      // The shell (HTML, JS, CSS) is precached so the app opens offline; API calls go to the
      // network, and only the node catalog's last answer is kept, for the scratch canvas offline.
      workbox: {
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname === '/trpc/catalog.list',
            handler: 'NetworkFirst',
            options: { cacheName: 'node-catalog' },
          },
        ],
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        // ELK's worker (1.6 MB) loads only for auto-layout; offline the canvas works without it.
        globIgnores: ['**/elk-worker*'],
        navigateFallbackDenylist: [
          /^\/trpc/,
          /^\/hooks/,
          /^\/events/,
          /^\/healthz/,
          /^\/oauth/,
          /^\/metrics/,
        ],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      manifest: {
        name: 'BizOSaaS',
        short_name: 'BizOSaaS',
        description: 'Build, run and approve business workflows.',
        theme_color: '#1d3a8a',
        background_color: '#f7f8fa',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
        ],
      },
    }),
  ],
  server: {
    proxy: { '/trpc': api, '/hooks': api, '/events': api, '/healthz': api },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  worker: { format: 'es' },
});
