// One lint configuration for the whole workspace; each project's `lint` target runs `eslint .`
// from its own folder and picks this file up. The boundary rules below are the table in
// docs/architecture.md ("Packages and who may import whom"), enforced.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Who may import whom, by Nx project tag (each package.json's `nx.tags`). */
const depConstraints = [
  { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:test-support'] },
  { sourceTag: 'type:logger', onlyDependOnLibsWithTags: ['type:test-support'] },
  { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:engine', 'type:test-support'] },
  {
    sourceTag: 'type:runner',
    onlyDependOnLibsWithTags: ['type:engine', 'type:store', 'type:logger', 'type:test-support'],
  },
  {
    sourceTag: 'type:api',
    onlyDependOnLibsWithTags: ['type:engine', 'type:store', 'type:runner', 'type:logger', 'type:test-support'],
  },
  { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:api', 'type:test-support'] },
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:api', 'type:test-support'] },
  {
    sourceTag: 'type:server',
    onlyDependOnLibsWithTags: ['type:api', 'type:store', 'type:runner', 'type:logger', 'type:web', 'type:test-support'],
  },
  {
    // A host like apps/server: the API in-process on the local store, or the typed client to a server.
    sourceTag: 'type:cli',
    onlyDependOnLibsWithTags: [
      'type:api',
      'type:client',
      'type:store',
      'type:runner',
      'type:logger',
      'type:test-support',
    ],
  },
  {
    sourceTag: 'type:worker',
    onlyDependOnLibsWithTags: ['type:store', 'type:runner', 'type:logger', 'type:test-support'],
  },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:api', 'type:client', 'type:test-support'] },
  { sourceTag: 'type:test-support', onlyDependOnLibsWithTags: [] },
];

/** Production code: everything but tests, benchmarks, examples and tool configs. */
const productionFiles = ['**/src/**/*.{ts,tsx}', '**/app/**/*.{ts,tsx}'];
const testFiles = [
  '**/*.test.{ts,tsx}',
  '**/test/**',
  '**/tests/**',
  '**/bench/**',
  '**/examples/**',
  // The one module that tells tests where their servers are (README: Running the tests).
  'packages/test-support/**',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/build/**',
      '**/dist/**',
      '**/.cache/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '**/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // TypeScript (and Node for the few .mjs scripts) already knows which globals exist.
      'no-undef': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, banTransitiveDependencies: false },
      ],
    },
  },
  {
    // Packages take configuration as arguments; only each app's env module reads the environment.
    files: productionFiles,
    ignores: [
      ...testFiles,
      'apps/server/src/env.ts',
      'apps/cli/src/env.ts',
      'apps/worker/src/env.ts',
      'apps/web/app/lib/env.ts',
      'apps/web/app/lib/env.server.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: "Read configuration in the app's env.ts and pass it in." },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@pipecraft/test-support', '@pipecraft/test-support/*'],
              message: 'Test support is for tests only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The browser app and the published client see the API as a type: no server code in their bundles.
    files: ['apps/web/**/*.{ts,tsx}', 'packages/client/**/*.ts'],
    ignores: ['packages/client/test/**', 'packages/client/examples/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@pipecraft/api',
              allowTypeImports: true,
              message:
                'Import the API as a type only (`import type`); runtime schemas come from @pipecraft/api/schemas.',
            },
          ],
          patterns: [
            {
              group: ['@pipecraft/test-support', '@pipecraft/test-support/*'],
              message: 'Test support is for tests only.',
            },
            {
              group: [
                '@pipecraft/store',
                '@pipecraft/store/*',
                '@pipecraft/runner',
                '@pipecraft/runner/*',
                '@pipecraft/sync-engine',
                '@pipecraft/logger',
              ],
              message: 'The browser app and the client reach the server through the API only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tool configs reach the shared root config by path, and examples import the package by its
    // published name as a consumer would: neither is a cross-project import.
    files: ['**/*.config.{ts,js,mjs}', '**/examples/**'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  // Formatting is Prettier's job (`npm run format`); turn off the stylistic rules it owns.
  prettier,
);
