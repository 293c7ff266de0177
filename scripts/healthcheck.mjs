#!/usr/bin/env node
// The container's HEALTHCHECK: exit 0 when the server on this machine answers /healthz with 200.
// The request names the host PipeCraft answers to (PIPECRAFT_PUBLIC_URL's, else localhost): the
// server refuses other Host headers (DNS rebinding), and a health check is no exception.
import { request } from 'node:http';

const port = Number(process.env.PORT || 3000);
const host = process.env.PIPECRAFT_PUBLIC_URL ? new URL(process.env.PIPECRAFT_PUBLIC_URL).host : `localhost:${port}`;
const check = request({ host: '127.0.0.1', port, path: '/healthz', headers: { host }, timeout: 4_000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
check.on('timeout', () => check.destroy(new Error('timeout')));
check.on('error', (error) => {
  console.error(`healthcheck: ${error.message}`);
  process.exit(1);
});
check.end();
