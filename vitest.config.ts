import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles runes in `.svelte.ts` classes, so their logic is tested like any other module.
  plugins: [svelte()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One module graph per worker, not per file: half the run's time on two cores. Files leave nothing behind
    // (stubbed globals and timers are restored after each test; every IndexedDB name is the file's own).
    isolate: false,
    testTimeout: 60_000,
    // Hooks that open real models (decoder-logits) share two cores with the builds `npm test` runs beside them.
    hookTimeout: 60_000,
  },
});
