import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'public/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through server/config.ts only.' },
      ],
    },
  },
  {
    files: ['server/config.ts', 'test/**/*.ts', 'bench/**/*.ts', 'eslint.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
