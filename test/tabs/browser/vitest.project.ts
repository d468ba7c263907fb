import { defineProject } from 'vitest/config';

/**
 * `share: 'tabs'` in real Chromium: several tabs of one browser profile (playwright-core, from Node) against the real
 * SSE server. The tests drive the browser themselves, so this project runs in Node, not in Vitest's browser mode.
 */
export const tabsProject = defineProject({
  test: {
    name: 'tabs',
    environment: 'node',
    include: ['test/tabs/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
