import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The real agent CLIs (~900 MB): `npm run test:agents-real` only.
    exclude: [...configDefaults.exclude, 'tests/agents-real/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
