// The public types, pinned: run by `vitest --project types` (typecheck only; nothing here executes).
// A change that widens, narrows or renames one of these is a change users feel in their editor.
import { describe, expectTypeOf, test } from 'vitest';
import {
  type EventSourceResult,
  isEventSourceSupported,
  isSseError,
  type ProgressLogEntry,
  type ProgressResult,
  type ProgressStatus,
  type ReadyState,
  SseError,
  type SseErrorKind,
  type SseMessage,
  type SseStatus,
  useEventSource,
  useSseProgress,
} from '../../src';
import { type SseStreamHandler, type StreamRequest, scriptedStream } from '../../src/testing';

interface Price {
  symbol: string;
  price: number;
}

describe('useEventSource', () => {
  test('T is inferred from a parse function', () => {
    const result = useEventSource('/prices', { parse: (raw) => Number(raw) });
    expectTypeOf(result.data).toEqualTypeOf<number | undefined>();
    expectTypeOf(result.lastEvent).toEqualTypeOf<SseMessage<number> | undefined>();
    expectTypeOf(result.history).toEqualTypeOf<readonly SseMessage<number>[]>();
    expectTypeOf(result).toEqualTypeOf<EventSourceResult<number>>();
  });

  test('the callbacks see the T that parse produces', () => {
    useEventSource('/prices', {
      parse: (raw, event) => {
        expectTypeOf(raw).toEqualTypeOf<string>();
        expectTypeOf(event).toEqualTypeOf<MessageEvent>();
        return JSON.parse(raw) as Price;
      },
      onMessage: (message) => expectTypeOf(message.data).toEqualTypeOf<Price>(),
      closeWhen: (message) => message.data.price > 100,
      onError: (error) => expectTypeOf(error).toEqualTypeOf<SseError>(),
      onOpen: (event) => expectTypeOf(event).toEqualTypeOf<Event>(),
    });
  });

  test('without parse, data is a string; with json, T is given explicitly', () => {
    expectTypeOf(useEventSource('/feed').data).toEqualTypeOf<string | undefined>();
    expectTypeOf(useEventSource('/feed', { parse: 'text' }).data).toEqualTypeOf<string | undefined>();
    expectTypeOf(useEventSource<Price>('/feed', { parse: 'json' }).data).toEqualTypeOf<Price | undefined>();
    // JSON could be anything: without a type argument it is unknown, never a lie such as string
    expectTypeOf(useEventSource('/feed', { parse: 'json' }).data).toEqualTypeOf<unknown>();
    // @ts-expect-error a parse function must return the T that was given
    useEventSource<Price>('/feed', { parse: (raw: string) => raw });
  });

  test('a T that is not a string needs parse: json or a function (data would be a string at run time)', () => {
    // @ts-expect-error no parse: data is the string the server sent, not a Price
    useEventSource<Price>('/feed', { events: ['price'] });
    // @ts-expect-error no options at all: the same
    useEventSource<Price>('/feed');
    // @ts-expect-error 'text' keeps the string
    useEventSource<Price>('/feed', { parse: 'text' });
    // @ts-expect-error a number is not a string either
    useEventSource<number>('/feed', { history: 10 });
    expectTypeOf(useEventSource<Price>('/feed', { parse: 'json', events: ['price'] }).data).toEqualTypeOf<
      Price | undefined
    >();
    expectTypeOf(useEventSource<Price>('/feed', { parse: (raw) => JSON.parse(raw) as Price }).data).toEqualTypeOf<
      Price | undefined
    >();
    // string subtypes are strings
    expectTypeOf(useEventSource<'on' | 'off'>('/feed').data).toEqualTypeOf<'on' | 'off' | undefined>();
  });

  test('url may be a string, a URL, null or undefined, and nothing else', () => {
    useEventSource(new URL('https://example.com/feed'));
    useEventSource(null);
    useEventSource(undefined);
    // @ts-expect-error a number is not a url
    useEventSource(42);
  });

  test('the status union and the readyState', () => {
    expectTypeOf<SseStatus>().toEqualTypeOf<
      'idle' | 'unsupported' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed'
    >();
    expectTypeOf<EventSourceResult['status']>().toEqualTypeOf<SseStatus>();
    expectTypeOf<EventSourceResult['readyState']>().toEqualTypeOf<ReadyState>();
    expectTypeOf<ReadyState>().toEqualTypeOf<0 | 1 | 2>();
  });

  test('the result fields', () => {
    const result = useEventSource('/feed');
    expectTypeOf(result.isSupported).toEqualTypeOf<boolean>();
    expectTypeOf(result.lastEventId).toEqualTypeOf<string>();
    expectTypeOf(result.error).toEqualTypeOf<SseError | undefined>();
    expectTypeOf(result.close).toEqualTypeOf<() => void>();
    expectTypeOf(result.open).toEqualTypeOf<() => void>();
  });

  test('SseMessage', () => {
    expectTypeOf<SseMessage>().toEqualTypeOf<{
      readonly type: string;
      readonly data: string;
      readonly raw: string;
      readonly lastEventId: string;
      readonly origin: string;
    }>();
  });

  test('an injected EventSource: the `eventsource` package fits the option', async () => {
    const { EventSource } = await import('eventsource');
    useEventSource('/feed', {
      EventSource,
      eventSourceInit: { fetch: (input: string | URL, init?: RequestInit) => fetch(input, init) },
    });
  });
});

describe('errors', () => {
  test("SseError['kind'] is the four kinds", () => {
    expectTypeOf<SseError['kind']>().toEqualTypeOf<'unsupported' | 'connection' | 'parse' | 'retries-exhausted'>();
    expectTypeOf<SseErrorKind>().toEqualTypeOf<SseError['kind']>();
  });

  test('SseError is an Error with its event and cause', () => {
    expectTypeOf<SseError>().toExtend<Error>();
    expectTypeOf<SseError['event']>().toEqualTypeOf<Event | undefined>();
    expectTypeOf<SseError['cause']>().toBeUnknown();
  });

  test('isSseError narrows', () => {
    const value: unknown = new SseError('parse', 'bad');
    if (isSseError(value, 'parse')) expectTypeOf(value).toEqualTypeOf<SseError>();
    // @ts-expect-error not a kind
    isSseError(value, 'timeout');
  });

  test('isEventSourceSupported', () => {
    expectTypeOf(isEventSourceSupported).toEqualTypeOf<() => boolean>();
  });
});

describe('useSseProgress', () => {
  test('the default payload is {message, progress}', () => {
    useSseProgress('/task', {
      onProgress: (progress, message) => {
        expectTypeOf(progress).toEqualTypeOf<number>();
        expectTypeOf(message.data).toEqualTypeOf<{ message?: string; progress?: number }>();
      },
    });
  });

  test('a custom select infers the payload type and gives the same result shape', () => {
    const result = useSseProgress('/upload', {
      select: (data: { loaded: number; total: number }, message) => {
        expectTypeOf(message).toEqualTypeOf<SseMessage<{ loaded: number; total: number }>>();
        return { progress: (100 * data.loaded) / data.total, message: `${data.loaded} of ${data.total} bytes` };
      },
      isComplete: (message) => message.data.loaded === message.data.total,
      onComplete: (message) => expectTypeOf(message.data).toEqualTypeOf<{ loaded: number; total: number }>(),
    });
    expectTypeOf(result).toEqualTypeOf<ProgressResult>();
    expectTypeOf(result.status).toEqualTypeOf<ProgressStatus>();
    expectTypeOf(result.progress).toEqualTypeOf<number>();
    expectTypeOf(result.message).toEqualTypeOf<string | undefined>();
    expectTypeOf(result.log).toEqualTypeOf<readonly ProgressLogEntry[]>();
    expectTypeOf(result.error).toEqualTypeOf<SseError | undefined>();
    expectTypeOf(result.lastEventId).toEqualTypeOf<string>();
    expectTypeOf(result.start).toEqualTypeOf<() => void>();
    expectTypeOf(result.stop).toEqualTypeOf<() => void>();
    expectTypeOf(result.reset).toEqualTypeOf<() => void>();
  });

  test('select must return {progress?: number, message?: string}', () => {
    useSseProgress('/upload', {
      // @ts-expect-error progress is a number
      select: (data: { percent: string }) => ({ progress: data.percent }),
    });
  });

  test('the status union and the log entry', () => {
    expectTypeOf<ProgressStatus>().toEqualTypeOf<'idle' | 'unsupported' | 'running' | 'done' | 'stopped' | 'failed'>();
    expectTypeOf<ProgressLogEntry['id']>().toEqualTypeOf<string>();
    expectTypeOf<ProgressLogEntry['message']>().toEqualTypeOf<string>();
    expectTypeOf<ProgressLogEntry['progress']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ProgressLogEntry['at']>().toEqualTypeOf<number>();
  });
});

describe('react-sse-kit/testing', () => {
  test('a stream handler reports what the server saw', () => {
    const stream = scriptedStream('/feed', [{ data: 'one', id: '1' }, { wait: 10 }, { drop: true }, { close: true }]);
    expectTypeOf(stream).toEqualTypeOf<SseStreamHandler>();
    expectTypeOf(stream.requests).toEqualTypeOf<readonly StreamRequest[]>();
    expectTypeOf(stream.openConnections).toEqualTypeOf<number>();
    // @ts-expect-error not a step
    scriptedStream('/feed', [{ sleep: 10 }]);
  });
});
