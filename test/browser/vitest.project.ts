import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';
import { chromiumBrowser } from './chromium.ts';

/**
 * The fault matrix in real Chromium against a real SSE server (test/browser/server), using Chromium's own
 * EventSource. No jsdom, no MSW, no polyfill, no setup file of the unit project.
 */
export const browserProject = defineProject({
  plugins: [react()],
  test: {
    name: 'browser',
    include: ['test/browser/**/*.test.{ts,tsx}'],
    globalSetup: ['test/browser/globalSetup.ts'],
    setupFiles: [],
    testTimeout: 20_000,
    browser: await chromiumBrowser(),
  },
});
