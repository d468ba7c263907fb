import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { loadChromium } from './chromium';

// Resolved lazily: a machine without Chromium can still run the other projects; this project's globalSetup then
// fails with chromiumPath()'s install instructions.
const { CHROMIUM_ARGS, chromiumPath } = await loadChromium();
let executablePath: string | undefined;
try {
  executablePath = chromiumPath();
} catch {
  executablePath = undefined;
}

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
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
