// Runs before every test file: EventSource for jsdom first (MSW's sse() needs it when a handler is built).
import { installEventSource } from '../src/testing';

installEventSource();

import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  // Unmount first, so every connection a test opened is closed before its handlers go.
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
