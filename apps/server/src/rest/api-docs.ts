import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { createOpenApiDocument } from '@pipecraft/api';

const require = createRequire(import.meta.url);
/** Swagger UI's files, served from the package: the docs page works offline and under the app's CSP ('self' only). */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>PipeCraft API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// A file, not an inline script: the CSP allows scripts from this origin (or with the page's nonce) only.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/** `/api/openapi.json` (the OpenAPI 3.1 document) and `/docs` (Swagger UI reading it). Both public: they describe, they do not act. */
export function apiDocs(): Router {
  const router = express.Router();
  let document: Promise<string> | undefined;
  router.get('/api/openapi.json', (_req, res, next) => {
    document ??= createOpenApiDocument().then((value) => JSON.stringify(value));
    document.then((text) => res.type('application/json').send(text), next);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, fallthrough: false }));
  return router;
}
