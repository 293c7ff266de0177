import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express, { type RequestHandler } from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';

/** apps/web, found from this file's location. */
const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

export interface WebHandlerOptions {
  /** The Remix app's folder (holding `build/server/index.js` and `build/client`). */
  webRoot?: string;
  production: boolean;
}

/**
 * Serves the Remix UI built by `npm run build -w @pipecraft/web`: static assets from
 * `build/client`, everything else through Remix. Without a build, a plain page says how to make one.
 */
export async function createWebHandler(options: WebHandlerOptions): Promise<RequestHandler> {
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const serverBuild = path.join(webRoot, 'build', 'server', 'index.js');
  const clientDir = path.join(webRoot, 'build', 'client');
  const router = express.Router();

  if (!existsSync(serverBuild)) {
    router.get('*', (_req, res) => {
      res
        .status(503)
        .type('html')
        .send(
          '<!doctype html><title>PipeCraft</title><h1>PipeCraft</h1>' +
            '<p>The web UI is not built yet. Run <code>npm run build -w @pipecraft/web</code>, then restart the server.</p>' +
            '<p>The API is available at <code>/trpc</code>; health at <code>/healthz</code>.</p>',
        );
    });
    return router;
  }

  const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
  // Vite fingerprints everything under assets/, so those may be cached for good.
  router.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }));
  router.use(express.static(clientDir, { maxAge: '1h' }));
  router.all(
    '*',
    createRequestHandler({
      build,
      mode: options.production ? 'production' : 'development',
      // The CSP nonce of this response (security/security-headers.ts): Remix's inline scripts carry it.
      getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce ?? '') }),
    }),
  );
  return router;
}
