import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // Members marked @internal (the store's and the stream's, shared with the tabs chunk) stay out of the types.
  dts: { compilerOptions: { stripInternal: true } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // No `splitting` option: tsup's default splits ESM, so the code of `share: 'tabs'` is a chunk that an app loads only
  // when it uses it (src/tabs/acquire.ts); CJS stays one file per entry.
  external: ['react', 'msw', 'eventsource'],
  // eventsource-parser 4 (the `eventsource-parser-4` alias, a dev dependency) goes into the fetch transport's chunk, so
  // users install nothing: the package is ESM only and declares Node >= 22.12, where its code runs on Node 18 and 20
  // (the CJS build gets it too). esbuild keeps only `/*!` or `@license` comments, and the package has none: its MIT
  // notice ships in THIRD_PARTY_NOTICES.md, where a comment would cost every app that loads the chunk about 90 B.
  noExternal: ['eventsource-parser-4'],
  // React Server Components: the hooks are client code. The directive must be the first statement of each file.
  banner: { js: "'use client';" },
  // Private members are named `_x` (TypeScript `private`); shortening them in the published files keeps the hook
  // small at any target, where `#x` fields would be rewritten into WeakMap helpers for apps targeting ES2020.
  esbuildOptions(options) {
    options.mangleProps = /^_[a-zA-Z]/;
    // The chunks loaded on first use (dist/driver.js, dist/fetchSource.js) without a content hash: an app's bundler
    // names and hashes them itself, and the name is a string in the main bundle that every app ships.
    options.chunkNames = '[name]';
  },
});
