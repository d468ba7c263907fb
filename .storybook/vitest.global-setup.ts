import { loadChromium } from '../test/browser/chromium.ts';

/** Fails with the install instructions, not with Playwright's "download a browser" message. */
export default async function setup(): Promise<void> {
  (await loadChromium()).chromiumPath();
}
