import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  // `npm run dev -w @pipecraft/web`: the UI with hot reload on :5173, API calls proxied to a running
  // PipeCraft server (default http://127.0.0.1:3000), so the browser stays same-origin.
  server: {
    port: 5173,
    proxy: { '/trpc': process.env.PIPECRAFT_DEV_API_ORIGIN ?? 'http://127.0.0.1:3000' },
  },
});
