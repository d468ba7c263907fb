import { setupServer } from 'msw/node';

/** The MSW server every jsdom test uses; tests add handlers with `server.use()`. */
export const server = setupServer();
