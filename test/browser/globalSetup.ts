import type { TestProject } from 'vitest/node';
import { loadChromium } from './chromium.ts';
import { startSseServer } from './server/server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the real SSE server (stream routes). */
    sseUrl: string;
    /** Origin of its control routes (`/_stats`, `/_reset`, `/_down`). */
    sseControlUrl: string;
  }
}

/** Starts the real SSE server for the browser project and stops it when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Fail with the install instructions, not with Playwright's "download a browser" message.
  (await loadChromium()).chromiumPath();
  const server = await startSseServer();
  project.provide('sseUrl', server.url);
  project.provide('sseControlUrl', server.controlUrl);
  return () => server.close();
}
