/**
 * ESLint: type-aware checks for mistakes the compiler lets through (a promise nobody awaits, a promise where a
 * callback's result is ignored, a switch that misses a case). Deliberately not a style guide: Prettier formats, and
 * every rule here points at a bug when it fires.
 */
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'var/', 'bench/output/', 'test-output/', 'data/'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      // Each file is checked with its nearest tsconfig.json (the root's, the browser client's, bench's).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: an unhandled rejection crashes the process; a promise passed where a void callback is expected
      // (event handlers, forEach) runs unawaited and its error is lost.
      // node:test registers top-level tests and suites itself; their promises are the runner's to await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A switch over a union handles every member, so a new cart command or order state cannot slip through.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // Throwing a string loses the stack; callers test `instanceof Error`.
      '@typescript-eslint/only-throw-error': 'error',
      // [10, 9, 1].sort() gives [1, 10, 9].
      '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      'no-fallthrough': 'error',
      'no-self-compare': 'error',
      'no-unsafe-finally': 'error',
      'no-constant-binary-expression': 'error',
    },
  },
);
