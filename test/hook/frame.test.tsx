// One commit per frame for the whole app: every hook with pending changes is flushed from one animation-frame
// callback, so React batches them into one commit. Browsers run a microtask checkpoint after each frame callback, and
// React commits synchronous updates in a microtask, so hooks with a frame callback each would commit once each.
// This test runs frames that way, outside act(), and counts React commits with a Profiler.
import { Profiler } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

const callbacks: FrameRequestCallback[] = [];
const microtasks = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
/** One animation frame, as a browser runs it: each callback, then a microtask checkpoint. */
async function frame(): Promise<void> {
  const due = callbacks.splice(0);
  for (const callback of due) {
    callback(performance.now());
    await microtasks();
  }
}

beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => callbacks.push(callback));
  vi.stubGlobal('cancelAnimationFrame', (handle: number) => {
    delete callbacks[handle - 1];
  });
});
afterEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

test('ten hooks on one shared connection commit once per frame between them', async () => {
  const fake = fakeEventSourceClass();
  const seen: string[][] = Array.from({ length: 10 }, () => []);
  function Price({ index }: { index: number }) {
    const { data } = useEventSource('/prices', { share: true, EventSource: fake.EventSource });
    seen[index]?.push(data ?? '');
    return <li>{data}</li>;
  }
  let commits = 0;
  const container = document.createElement('ul');
  const root = createRoot(container);
  root.render(
    <Profiler id="app" onRender={() => (commits += 1)}>
      {seen.map((_, index) => (
        <Price key={index} index={index} />
      ))}
    </Profiler>,
  );
  await vi.waitFor(() => expect(fake.instances).toHaveLength(1));
  fake.latest().announce();
  await frame();
  const before = commits;
  for (let i = 1; i <= 5; i++) fake.latest().emit(String(i));
  await frame();
  expect(container.querySelectorAll('li')).toHaveLength(10);
  expect([...container.querySelectorAll('li')].every((li) => li.textContent === '5')).toBe(true);
  expect(commits - before).toBe(1);
  root.unmount();
});
