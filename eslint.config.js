// ESLint (typescript-eslint, syntax-level rules: fast enough to run with every `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'bench/results/', 'reference/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Layout is Prettier's (`prettier --check` in npm test); ESLint keeps to code rules.
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `any` is allowed where a test reads untyped reference JSON; each use carries its own disable comment.
      '@typescript-eslint/no-explicit-any': 'error',
      'max-len': [
        'error',
        { code: 200, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreComments: false },
      ],
    },
  },
);
