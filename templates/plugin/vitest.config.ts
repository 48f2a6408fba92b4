import { defineConfig } from 'vitest/config';

export default defineConfig({
  // A test starts a real host: allow it a minute.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
