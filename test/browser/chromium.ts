import { playwright } from '@vitest/browser-playwright';

/** What scripts/chromium.mjs exports. It is plain JavaScript without a declaration file, so it is typed here. */
export interface ChromiumModule {
  /** The Chromium executable, or a thrown Error that says how to install one. */
  chromiumPath(): string;
  /** Flags every Chromium started by the tests gets. */
  CHROMIUM_ARGS: string[];
}

/** Loads scripts/chromium.mjs (resolved from this file, so it works from a bundled config too). */
export const loadChromium = (): Promise<ChromiumModule> =>
  import(/* @vite-ignore */ new URL('../../scripts/chromium.mjs', import.meta.url).href) as Promise<ChromiumModule>;

/**
 * The `browser` options of every Vitest project that runs in Chromium (the fault matrix, the stories): headless,
 * Debian's (or $CHROMIUM_PATH's) Chromium, never a downloaded one. The path is resolved here without throwing, so a
 * machine without Chromium can still run the other projects; each browser project's globalSetup then fails with
 * chromiumPath()'s install instructions.
 */
export async function chromiumBrowser() {
  const { CHROMIUM_ARGS, chromiumPath } = await loadChromium();
  let executablePath: string | undefined;
  try {
    executablePath = chromiumPath();
  } catch {
    executablePath = undefined;
  }
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({ launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS } }),
    instances: [{ browser: 'chromium' as const }],
  };
}
