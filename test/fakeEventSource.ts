import type { EventSourceInitLike } from '../src';

/**
 * A tiny scripted EventSource for the core's unit tests with fake timers. The jsdom tests use the real `eventsource`
 * package against MSW; this one lets a test say exactly which readyState an `error` arrives with.
 */
export function fakeEventSourceClass({ native = false }: { native?: boolean } = {}) {
  const instances: FakeEventSource[] = [];
  class FakeEventSource extends EventTarget {
    /** With `native`, it reads as a browser's own EventSource does (`function EventSource() { [native code] }`). */
    static override toString(): string {
      return native ? 'function EventSource() { [native code] }' : 'class FakeEventSource {}';
    }
    readyState = 0;
    closed = false;
    constructor(
      readonly url: string,
      readonly init?: EventSourceInitLike,
    ) {
      super();
      instances.push(this);
    }
    close(): void {
      this.readyState = 2;
      this.closed = true;
    }
    /** [spec] announce the connection */
    announce(): void {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    }
    emit(data: string, init: { type?: string; lastEventId?: string } = {}): void {
      this.dispatchEvent(new MessageEvent(init.type ?? 'message', { data, lastEventId: init.lastEventId ?? '' }));
    }
    /** [spec] reestablish the connection: readyState CONNECTING, then `error` */
    drop(): void {
      this.readyState = 0;
      this.dispatchEvent(new Event('error'));
    }
    /** [spec] fail the connection: readyState CLOSED, then `error` */
    fail(): void {
      this.readyState = 2;
      this.dispatchEvent(new Event('error'));
    }
  }
  return { EventSource: FakeEventSource, instances, latest: () => instances[instances.length - 1] as FakeEventSource };
}
