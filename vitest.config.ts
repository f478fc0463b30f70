import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/build-pages.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time, not availableParallelism() - 1 (one, on a 2-core machine): the slow files
    // (the CDK synth, the integration and browser suites, the time-zone check) spend much of their
    // time waiting on child processes.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['rules/**/*.ts', 'functions/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
