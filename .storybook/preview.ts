import type { Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { configure } from 'storybook/test';
import '../stories/support/stories.css';

// The play functions wait for streams: up to 5 s for something to appear (tests, not the stories, set the pace).
configure({ asyncUtilTimeout: 5000 });

const preview: Preview = {
  // MSW's service worker (public/mockServiceWorker.js) answers the stories' streams. Handlers are reset before
  // every story; each story adds its own in a loader (see stories/support/msw.ts).
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker();
      await worker.start({
        quiet: true,
        // Every mocked endpoint lives under /api/: anything else there without a handler is a mistake worth a
        // warning; everything else (Storybook's and Vite's own files) goes to the network untouched.
        onUnhandledRequest(request, print) {
          if (new URL(request.url).pathname.startsWith('/api/')) print.warning();
        },
      });
      return worker;
    }),
  ],
  parameters: {
    layout: 'padded',
    options: {
      storySort: {
        order: [
          'Introduction',
          'Demos',
          ['Long task with progress', 'Server clock'],
          'Hooks',
          ['useEventSource', 'useSseProgress'],
        ],
      },
    },
    controls: { expanded: true, sort: 'none' },
    docs: {
      // Each live example in the docs runs in its own frame, with its own mocked server and globals: one story
      // resetting the handlers, or hiding EventSource, never breaks the others on the page.
      story: { inline: false, iframeHeight: 460 },
      codePanel: true,
    },
  },
};

export default preview;
