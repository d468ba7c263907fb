import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { loadChromium } from '../test/browser/chromium';

// Resolved lazily, as in the browser project: a machine without Chromium can still run the other projects, and
// this project's globalSetup then fails with chromiumPath()'s install instructions.
const { CHROMIUM_ARGS, chromiumPath } = await loadChromium();
let executablePath: string | undefined;
try {
  executablePath = chromiumPath();
} catch {
  executablePath = undefined;
}

const configDir = dirname(fileURLToPath(import.meta.url));

/**
 * Every story in stories/ as a test, in real Chromium (its own EventSource, MSW's service worker): the story
 * renders, then its `play` function checks what a person would see.
 */
export const storybookProject = defineProject({
  plugins: [storybookTest({ configDir })],
  test: {
    name: 'storybook',
    globalSetup: [join(configDir, 'vitest.global-setup.ts')],
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
