import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { defineProject } from 'vitest/config';
import { chromiumBrowser } from '../test/browser/chromium.ts';

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
    browser: await chromiumBrowser(),
  },
});
