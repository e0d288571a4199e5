import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import tseslint from 'typescript-eslint';

/**
 * The browser's globals (window, document, fetch...), read from the DOM library TypeScript checks
 * public/js against (tsconfig.client.json), so that lint and the type check agree on them.
 */
const domLib = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript')), 'lib.dom.d.ts');
const declared = readFileSync(domLib, 'utf8').matchAll(/^declare (?:var|function) (\w+)/gm);
const BROWSER_GLOBALS = Object.fromEntries([...declared].map(([, name]) => [name, 'readonly']));

const QUERY_OUTSIDE_REPOSITORY = {
  selector:
    'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|selectNoFrom)$/]',
  message: 'Queries belong in a repository (which takes the db or a transaction first).',
};
const LOCALS_OUTSIDE_MIDDLEWARE = [
  "AssignmentExpression > MemberExpression.left[object.type='MemberExpression'][object.property.name='locals']",
  "AssignmentExpression > MemberExpression.left[property.name='locals']",
].map((selector) => ({
  selector,
  message: 'Only middleware writes res.locals: pass values to res.render instead.',
}));
const KYSELY_VALUES = {
  name: 'kysely',
  allowTypeImports: true,
  message: 'Queries belong in a repository: import kysely values only there (types are fine).',
};
/** Where queries may be written: repositories, the database set-up and the demo seed. */
const QUERY_HOMES = [
  'server/**/repository.ts',
  'server/**/*-repository.ts',
  'server/db/**',
  'server/demo/**',
];
const MIDDLEWARE = ['server/middleware/**', 'server/app.ts', 'server/views.ts'];
/** The TypeScript the root tsconfig.json covers: linted with type information. */
const TYPED = ['server/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'migrations/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'test-results/**', 'reports/**', '.stryker-tmp/**'] },
  ...tseslint.configs.recommended,
  {
    // Type-aware rules (floating and misused promises, unsafe any...) for the TypeScript only: the
    // JavaScript (public/js, scripts, this file) keeps the rules above, which need no type information.
    files: TYPED,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
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
    // Layers, part 1: services, controllers, routes and the rest run no queries and set no res.locals.
    files: ['server/**/*.ts'],
    ignores: [...QUERY_HOMES, ...MIDDLEWARE],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [KYSELY_VALUES] }],
      'no-restricted-syntax': ['error', QUERY_OUTSIDE_REPOSITORY, ...LOCALS_OUTSIDE_MIDDLEWARE],
    },
  },
  {
    // Layers, part 2: middleware may set res.locals, but runs no queries either.
    files: MIDDLEWARE,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [KYSELY_VALUES] }],
      'no-restricted-syntax': ['error', QUERY_OUTSIDE_REPOSITORY],
    },
  },
  {
    // Layers, part 3: controllers and routes reach the database only through a service.
    files: ['server/features/**/controller.ts', 'server/features/**/routes.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [KYSELY_VALUES],
          patterns: [
            {
              regex: '(^|/)[\\w-]*repository(\\.js)?$',
              allowTypeImports: true,
              message: 'Controllers and routes call services, never repositories.',
            },
          ],
        },
      ],
    },
  },
  {
    // The browser's JavaScript: ES modules served as written from /public/js, with the browser's globals
    // and none of Node's.
    files: ['public/js/**/*.js'],
    languageOptions: { sourceType: 'module', globals: BROWSER_GLOBALS },
    rules: { 'no-undef': 'error' },
  },
  {
    // Migrations are frozen in time: they use Kysely<any>, never the app's current types.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: [
      'server/config.ts',
      'server/demo/run.ts',
      'scripts/**/*.js',
      'test/**/*.ts',
      'test/mutation/*.js',
      'bench/**/*.ts',
      'eslint.config.js',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
