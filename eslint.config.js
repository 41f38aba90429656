// ESLint 9 flat config: typescript-eslint on src/, the import arrows of docs/architecture.md
// (one folder may import only the folders listed for it), and no import cycles in src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * What each folder of src/ may import (besides itself). The single source of the layer rule;
 * docs/architecture.md shows the same table. A folder not listed here may import anything.
 */
export const LAYERS = {
  model: [],
  errors: ['model'],
  expr: ['model', 'errors'],
  config: ['model', 'errors', 'expr'],
  compile: ['model', 'expr', 'errors'],
  exec: ['errors', 'model'],
  runtimes: ['exec', 'model', 'errors'],
  executors: ['exec', 'runtimes', 'model', 'errors'],
  fingerprint: ['model', 'errors'],
  engine: ['compile', 'executors', 'runtimes', 'fingerprint', 'expr', 'exec', 'model', 'errors'],
  store: ['model', 'errors'],
  watch: ['model', 'fingerprint', 'errors'],
  reporters: ['model', 'errors'],
  viz: ['compile', 'model', 'errors'],
  api: ['model', 'errors', 'expr', 'config', 'compile', 'exec', 'executors', 'runtimes', 'fingerprint', 'engine', 'store', 'watch', 'reporters', 'viz'],
  cli: ['api', 'reporters', 'errors', 'model'],
};

/** One no-restricted-paths zone per folder: every other folder it may not import. */
function layerZones() {
  const folders = Object.keys(LAYERS);
  return folders.map((folder) => {
    const forbidden = folders.filter((other) => other !== folder && !LAYERS[folder].includes(other));
    return {
      target: `./src/${folder}`,
      from: [...forbidden.map((other) => `./src/${other}`), './src/index.ts'],
      message: `src/${folder}/ may import only ${LAYERS[folder].join(', ') || 'nothing outside itself'} (docs/architecture.md, Layers)`,
    };
  });
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.runs/**', 'src/model/generated/**'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      // Lets import-x parse the .ts files it follows (no-cycle reads every module it reaches).
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones() }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // A `let` read by a closure before its one assignment (drive-run's engine) is deliberate.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // why: `_` marks a parameter kept for an interface's shape.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
