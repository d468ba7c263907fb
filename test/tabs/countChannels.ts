import { vi } from 'vitest';

/** Names of the BroadcastChannels constructed from now until the end of the test (Node's own, counted). */
export function countChannels(): string[] {
  const names: string[] = [];
  const Original = globalThis.BroadcastChannel;
  vi.stubGlobal(
    'BroadcastChannel',
    class CountingChannel extends Original {
      constructor(name: string) {
        super(name);
        names.push(name);
      }
    },
  );
  return names;
}
