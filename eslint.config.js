// Lint keeps each file in the layer it belongs to (GUIDE §2): the core and the devices never reach
// Electron or React, the core reaches serial ports only through hardware/, screens import only types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noUiInCore = [
  { name: 'electron', message: 'Electron belongs in main/ only.' },
  { name: 'react', message: 'React belongs in renderer/ only.' },
  { name: 'react-dom', message: 'React belongs in renderer/ only.' },
];
const uiPatterns = ['electron/*', 'react/*', 'react-dom/*'];
// A module's own location moves when it is bundled (dist/cli.mjs, app.asar): shipped files are found
// through src/app-root/app-root.ts, the one module that knows each layout. scripts/build.mjs checks the same.
const nodeGlobals = ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'setInterval', 'clearTimeout', 'Request', 'Response'];
const ownLocation = 'Find shipped files through src/app-root/app-root.ts: a module moves when it is bundled.';
const noOwnLocation = [
  { selector: "MemberExpression[object.type='MetaProperty'][property.name=/^(url|dirname|filename)$/]", message: ownLocation },
  { selector: 'Identifier[name=/^__(dirname|filename)$/]', message: ownLocation },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noUiInCore,
            { name: 'serialport', message: 'The core reaches serial ports only through hardware/ interfaces.' },
          ],
          patterns: [...uiPatterns, '@serialport/*'],
        },
      ],
    },
  },
  {
    files: ['hardware/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: noUiInCore, patterns: uiPatterns }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      // The typescript-eslint variant knows `import type`, which is the one way screens may use the core.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Screens talk to the API only, never to Electron.' }],
          patterns: [
            { group: ['**/src/**', '**/hardware/**'], allowTypeImports: true, message: 'Screens import only types from the core.' },
            { group: ['node:*'], message: 'Screens run in the browser sandbox: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'react', message: 'React belongs in renderer/.' }] }],
    },
  },
  {
    // Plain Node scripts (bin/, scripts/, the electron stand-in) run untranspiled.
    files: ['**/*.mjs'],
    languageOptions: { globals: Object.fromEntries(nodeGlobals.map((name) => [name, 'readonly'])) },
  },
  {
    files: ['src/**/*.ts', 'hardware/**/*.ts', 'main/**/*.ts'],
    ignores: ['src/app-root/app-root.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noOwnLocation] },
  },
);
