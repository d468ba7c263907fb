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
