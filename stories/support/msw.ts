import type { RequestHandler } from 'msw';
import type { SetupWorker } from 'msw/browser';
// The addon's types: `msw` on the story context.
import type {} from 'msw-storybook-addon/csf3';

/** Handlers a story gives the mocked server, by name, so the story can show what each one saw. */
type Handlers = Record<string, RequestHandler>;

/**
 * The mocked server of a story: `make` builds its handlers from the story's args (so the controls change the
 * server), the loader hands them to MSW's worker before the story renders, and `get` gives them to the story.
 * Handlers are matched in the order they are listed, the first match answering.
 */
export function mockServer<A, H extends Handlers>(make: (args: A) => H) {
  // `msw` is the worker msw-storybook-addon's loader (in .storybook/preview.ts) put on the context just before.
  const loader = async (context: { args: A; msw: SetupWorker }): Promise<{ server: H }> => {
    const handlers = make(context.args);
    // The react-sse-kit/testing factories already pass a browser's close on to the mock (see src/testing/closable.ts).
    context.msw.use(...Object.values(handlers));
    return { server: handlers };
  };
  return {
    loader,
    /** The handlers the loader installed for this render of the story. */
    get(context: { loaded: Record<string, unknown> }): H {
      return context.loaded.server as H;
    },
  };
}

/**
 * For one story: no `EventSource` in this window while it is shown (as in an old browser), restored afterwards.
 * The hooks look up `globalThis.EventSource` when they render, so they see it missing.
 */
export function hideEventSource(): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'EventSource');
  Reflect.deleteProperty(globalThis, 'EventSource');
  return () => {
    if (descriptor) Object.defineProperty(globalThis, 'EventSource', descriptor);
  };
}
