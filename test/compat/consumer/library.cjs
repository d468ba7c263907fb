// The library through require(), as a CommonJS app or tool loads it: both entry points, with the same exports as the
// ESM build (library.mjs). With msw 3 and eventsource 5, which ship ESM only, require('react-sse-kit/testing') relies
// on Node's require() of ES modules (Node 22.12 and later). Run by scripts/compat.mjs; any failure exits non-zero.
const assert = require('node:assert/strict');

const library = require('react-sse-kit');
const kit = require('react-sse-kit/testing');
const names = (module) =>
  Object.keys(module)
    .filter((name) => name !== '__esModule' && name !== 'default')
    .sort();

(async () => {
  // After the require() calls: an import() still loading a module that require() reaches is a race Node refuses.
  assert.deepEqual(names(library), names(await import('react-sse-kit')));
  assert.deepEqual(names(kit), names(await import('react-sse-kit/testing')));
  assert.equal(typeof library.useEventSource, 'function');
  assert.equal(typeof kit.scriptedStream, 'function');
  // The CommonJS kit builds handlers with the same msw as the app: a handler runs its script.
  kit.installEventSource();
  const stream = kit.scriptedStream('http://example.test/feed', [{ data: 'hello', id: '1' }, { close: true }]);
  const { setupServer } = require('msw/node');
  const server = setupServer(stream);
  server.listen({ onUnhandledFrame: 'error' });
  try {
    const source = new EventSource('http://example.test/feed');
    const message = await new Promise((resolve, reject) => {
      source.addEventListener('message', (event) => resolve(event), { once: true });
      setTimeout(() => reject(new Error('no message within 5 s')), 5000).unref();
    });
    source.close();
    assert.equal(message.data, 'hello');
    assert.equal(message.lastEventId, '1');
    assert.deepEqual(
      stream.requests.map((r) => r.lastEventId),
      [null],
    );
  } finally {
    server.close();
  }
  console.log(
    `  ✓ CJS require: react-sse-kit (${names(library).length} exports) and react-sse-kit/testing (${names(kit).length}), the same names as ESM; a CommonJS scripted stream plays`,
  );
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
