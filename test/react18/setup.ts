// Runs first in the `react18` project. Vite's alias (vitest.config.ts) sends this project's ES imports of react and
// react-dom to test/react18/node_modules; CommonJS packages that Node loads itself (@testing-library/react,
// react-use-websocket) call require('react'), which the alias never sees. Point those at the same files, so that
// one React 18 serves the whole tree.
import Module from 'node:module';

// Resolving from this folder finds test/react18/node_modules first.
const react18 = import.meta.dirname;
const REACT = /^(react|react-dom)(\/|$)/;

type Resolve = (request: string, parent: unknown, isMain: boolean, options?: { paths?: string[] }) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const resolve = internals._resolveFilename;

internals._resolveFilename = function resolveReact18(request, parent, isMain, options) {
  if (REACT.test(request)) return resolve.call(this, request, parent, isMain, { paths: [react18] });
  return resolve.call(this, request, parent, isMain, options);
};
