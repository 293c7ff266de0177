import { defineConfig } from 'vitest/config';

// Unit tests for the pure helpers in app/lib; the Remix plugin (vite.config.ts) is not needed here.
export default defineConfig({
  test: {
    include: ['app/**/*.test.ts'],
    environment: 'node',
  },
});
