import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@vpp-host\/api$/, replacement: fileURLToPath(new URL('./host/api/index.ts', import.meta.url)) },
      { find: /^@vpp-host\/plugins\/([^/]+)\/api$/, replacement: fileURLToPath(new URL('./plugins/$1/api/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['host/**/*.test.ts', 'plugins/**/*.test.ts', 'packages/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
