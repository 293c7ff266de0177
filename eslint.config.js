// One lint configuration for the whole workspace; each project's `lint` target runs `eslint .`
// from its own folder and picks this file up.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/build/**', '**/dist/**', '**/.cache/**', '**/test-results/**', '**/playwright-report/**', '**/artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // TypeScript (and Node for the few .mjs scripts) already knows which globals exist.
      'no-undef': 'off',
    },
  },
);
