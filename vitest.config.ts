import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Browser and container tests are heavy; two cores are the norm on our machines.
    maxWorkers: 2,
  },
});
