// The public types, pinned: run by `vitest --project types` (typecheck only; nothing here executes).
// A change that widens, narrows or renames one of these is a change users feel in their editor.

import type { FetchLike, EventSourceInit as PackageInit } from 'eventsource';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type AnyEventSourceConstructor,
  type EventHandler,
  type EventSourceConstructor,
  type EventSourceInitLike,
  type EventSourceInitOf,
  type EventSourceResult,
  isEventSourceSupported,
  isSseError,
  lastEventIdHeader,
  type ParseFunction,
  type ProgressLogEntry,
  type ProgressOptions,
  type ProgressResult,
  type ProgressStatus,
  ProgressTask,
  type ReadyState,
  SseConnection,
  SseError,
  type SseErrorKind,
  type SseMessage,
  type SseStatus,
  type UseEventSourceOptions,
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
        // the event's data is the string the server sent, never `any`
        expectTypeOf(event).toEqualTypeOf<MessageEvent<string>>();
        expectTypeOf(event.data).toEqualTypeOf<string>();
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

describe('parse: JSON.parse, and no any in data', () => {
  test('parse: JSON.parse is accepted; without a type argument data is unknown, never any', () => {
    expectTypeOf(useEventSource('/feed', { parse: JSON.parse }).data).toEqualTypeOf<unknown>();
    expectTypeOf(useEventSource<Price>('/feed', { parse: JSON.parse }).data).toEqualTypeOf<Price | undefined>();
    useEventSource('/feed', {
      parse: JSON.parse,
      onMessage: (message) => expectTypeOf(message.data).toEqualTypeOf<unknown>(),
    });
  });

  test('a parse function that returns any gives unknown', () => {
    const result = useEventSource('/feed', { parse: (raw) => JSON.parse(raw) });
    expectTypeOf(result.data).toEqualTypeOf<unknown>();
    expectTypeOf(result.lastEvent).toEqualTypeOf<SseMessage<unknown> | undefined>();
  });

  test('a function of the data alone still infers T, and a wrong return type for a given T is still an error', () => {
    expectTypeOf(useEventSource('/feed', { parse: (raw) => raw.length }).data).toEqualTypeOf<number | undefined>();
    expectTypeOf(useEventSource('/feed', { parse: JSON.parse }).data).not.toBeAny();
    // @ts-expect-error Number is not a Price
    useEventSource<Price>('/feed', { parse: (raw: string) => Number(raw) });
  });
});

describe('eventSourceInit is typed by the EventSource it goes to', () => {
  test("the `eventsource` package's EventSource: its { fetch } options, and a misspelt one is an error", async () => {
    const { EventSource } = await import('eventsource');
    const myFetch: FetchLike = (url, init) => fetch(url, init);
    useEventSource('/feed', { EventSource, eventSourceInit: { fetch: myFetch } });
    useEventSource('/feed', { EventSource, eventSourceInit: { fetch: myFetch, withCredentials: true } });
    // @ts-expect-error 'fecth' is not an option of the eventsource package's EventSource
    useEventSource('/feed', { EventSource, eventSourceInit: { fecth: myFetch } });
    // @ts-expect-error the same, from a function
    useEventSource('/feed', { EventSource, eventSourceInit: () => ({ fecth: myFetch }) });
    // @ts-expect-error fetch is a function
    useEventSource('/feed', { EventSource, eventSourceInit: { fetch: 'no' } });
  });

  test('lastEventIdHeader() is an eventSourceInit for the eventsource package', async () => {
    const { EventSource } = await import('eventsource');
    useEventSource('/feed', { EventSource, eventSourceInit: lastEventIdHeader(), reconnect: true });
    useEventSource('/feed', { EventSource, parse: 'json', eventSourceInit: lastEventIdHeader() });
    expectTypeOf(lastEventIdHeader()).toExtend<(lastEventId: string) => EventSourceInitOf<typeof EventSource>>();
    // with a type argument for data, the EventSource's type is the second one
    useEventSource<Price, typeof EventSource>('/feed', {
      parse: 'json',
      EventSource,
      eventSourceInit: lastEventIdHeader(),
    });
    useSseProgress('/task', { EventSource, eventSourceInit: lastEventIdHeader() });
  });

  test('with a type argument for data, an injected EventSource is taken; its type as well checks its options', async () => {
    const { EventSource } = await import('eventsource');
    const myFetch: FetchLike = (url, init) => fetch(url, init);
    // The EventSource's type cannot be inferred next to a given T: its options are any then, as before.
    const result = useEventSource<Price>('/feed', { parse: 'json', EventSource, eventSourceInit: lastEventIdHeader() });
    expectTypeOf(result).toEqualTypeOf<EventSourceResult<Price>>();
    useEventSource<Price, typeof EventSource>('/feed', {
      parse: 'json',
      EventSource,
      // @ts-expect-error with its type given, a misspelt option is an error again
      eventSourceInit: { fecth: myFetch },
    });
    // @ts-expect-error no EventSource injected: the DOM's options, a type argument or not
    useEventSource<Price>('/feed', { parse: 'json', eventSourceInit: { fetch: myFetch } });
    // @ts-expect-error a T that is not a string still needs parse
    useEventSource<Price>('/feed', { EventSource, eventSourceInit: lastEventIdHeader() });
    useEventSource<string>('/feed', { EventSource, eventSourceInit: lastEventIdHeader() });
  });

  test("without an injected EventSource it is the DOM's EventSourceInit", () => {
    expectTypeOf<EventSourceInitOf<typeof globalThis.EventSource>>().toEqualTypeOf<EventSourceInit>();
    expectTypeOf<UseEventSourceOptions['eventSourceInit']>().toEqualTypeOf<
      EventSourceInit | ((lastEventId: string) => EventSourceInit) | undefined
    >();
    useEventSource('/feed', { eventSourceInit: { withCredentials: true } });
    // @ts-expect-error the browser's EventSource takes no fetch: the request would go out without it
    useEventSource('/feed', { eventSourceInit: { fetch: (url: string) => fetch(url) } });
    // @ts-expect-error nor from a function
    useEventSource('/feed', { eventSourceInit: () => ({ fetch: (url: string) => fetch(url) }) });
  });

  test('EventSourceInitOf reads the options from the constructor', async () => {
    const { EventSource } = await import('eventsource');
    expectTypeOf<EventSourceInitOf<typeof EventSource>>().toEqualTypeOf<PackageInit>();
    expectTypeOf<EventSourceInitOf<EventSourceConstructor<{ headers?: Record<string, string> }>>>().toEqualTypeOf<{
      headers?: Record<string, string>;
    }>();
    // a constructor that says nothing of its options takes any
    expectTypeOf<EventSourceInitOf<AnyEventSourceConstructor>>().toEqualTypeOf<EventSourceInitLike>();
  });

  test('useSseProgress checks eventSourceInit against its EventSource too', async () => {
    const { EventSource } = await import('eventsource');
    const myFetch: FetchLike = (url, init) => fetch(url, init);
    useSseProgress('/task', { EventSource, eventSourceInit: { fetch: myFetch } });
    // @ts-expect-error 'fecth' is not an option of the eventsource package's EventSource
    useSseProgress('/task', { EventSource, eventSourceInit: { fecth: myFetch } });
    // @ts-expect-error no EventSource: the DOM's options
    useSseProgress('/task', { eventSourceInit: { fetch: myFetch } });
    // with a type argument for the payload, the EventSource's type is the second one
    useSseProgress<{ loaded: number }, typeof EventSource>('/task', {
      EventSource,
      eventSourceInit: lastEventIdHeader(),
      select: (data) => ({ progress: data.loaded }),
    });
    new ProgressTask('/task', { EventSource, eventSourceInit: lastEventIdHeader() });
    // @ts-expect-error 'fecth' is not an option of the eventsource package's EventSource
    new ProgressTask('/task', { EventSource, eventSourceInit: { fecth: myFetch } });
    expectTypeOf<ProgressOptions['eventSourceInit']>().toEqualTypeOf<
      EventSourceInit | ((lastEventId: string) => EventSourceInit) | undefined
    >();
  });

  test('the core: SseConnection takes any EventSource, and types its options where the EventSource is given', async () => {
    const { EventSource } = await import('eventsource');
    new SseConnection('/feed', { EventSource, eventSourceInit: lastEventIdHeader() });
    // @ts-expect-error 'fecth' is not an option of the eventsource package's EventSource
    new SseConnection('/feed', { EventSource, eventSourceInit: { fecth: lastEventIdHeader()('').fetch } });
  });
});

describe('transport: headers, method and body go with fetch, never with the EventSource', () => {
  test('useEventSource: headers (an object or a function, maybe async), method and body choose fetch', () => {
    useEventSource('/chat', { method: 'POST', body: JSON.stringify({ q: 'hi' }), headers: { 'X-A': '1' } });
    useEventSource('/feed', { headers: async () => ({ Authorization: 'Bearer t' }) });
    useEventSource('/feed', { transport: 'fetch', body: () => new Blob(['q']) });
    useEventSource('/feed', { transport: 'fetch' });
    useEventSource('/feed', { transport: 'eventsource', withCredentials: true });
    // with parse and a type argument too
    const result = useEventSource<Price>('/prices', { parse: 'json', headers: { A: '1' } });
    expectTypeOf(result.data).toEqualTypeOf<Price | undefined>();
    useEventSource('/prices', { parse: (raw) => Number(raw), method: 'POST', transport: 'fetch' });
    // @ts-expect-error headers need the fetch transport
    useEventSource('/feed', { transport: 'eventsource', headers: { A: '1' } });
    // @ts-expect-error a method needs the fetch transport
    useEventSource('/feed', { transport: 'eventsource', method: 'POST' });
    // @ts-expect-error a body needs the fetch transport
    useEventSource('/feed', { transport: 'eventsource', parse: (raw) => raw.length, body: 'q' });
    // @ts-expect-error not a transport
    useEventSource('/feed', { transport: 'websocket' });
  });

  test('the options as a type are the union, so a variable of it passes through a wrapper', () => {
    const options: UseEventSourceOptions = { headers: { A: '1' } };
    useEventSource('/feed', options);
    // @ts-expect-error headers need the fetch transport
    const wrong: UseEventSourceOptions = { transport: 'eventsource', headers: {} };
    expectTypeOf<UseEventSourceOptions['transport']>().toEqualTypeOf<'eventsource' | 'fetch' | undefined>();
    void wrong;
  });

  test('useSseProgress, ProgressTask and SseConnection take the same', () => {
    useSseProgress('/imports', { method: 'POST', body: new FormData(), headers: () => ({ A: '1' }) });
    // @ts-expect-error a body needs the fetch transport
    useSseProgress('/imports', { transport: 'eventsource', body: 'q' });
    new ProgressTask('/imports', { method: 'POST' });
    // @ts-expect-error a method needs the fetch transport
    new ProgressTask('/imports', { transport: 'eventsource', method: 'POST' });
    new SseConnection('/feed', { headers: { A: '1' }, transport: 'fetch' });
    // @ts-expect-error headers need the fetch transport
    new SseConnection('/feed', { transport: 'eventsource', headers: { A: '1' } });
  });

  test('a failure carries the status and the Response', () => {
    expectTypeOf<SseError['status']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SseError['response']>().toEqualTypeOf<Response | undefined>();
  });
});

describe('no any reaches a handler', () => {
  test("SseConnection.listen's handler gets MessageEvent<string>", () => {
    const connection = new SseConnection('/feed');
    connection.listen('message', (event, lastEventId) => {
      expectTypeOf(event).toEqualTypeOf<MessageEvent<string>>();
      expectTypeOf(event.data).toEqualTypeOf<string>();
      expectTypeOf(lastEventId).toEqualTypeOf<string>();
    });
    expectTypeOf<Parameters<EventHandler>[0]['data']>().toEqualTypeOf<string>();
    expectTypeOf<Parameters<ParseFunction<number>>[1]['data']>().toEqualTypeOf<string>();
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

describe('reduce, initial and state', () => {
  interface Delta {
    delta: string;
  }
  type Prices = Record<string, number>;

  test('S is inferred from initial and reduce; the message is typed by parse', () => {
    const answer = useEventSource('/answer', {
      parse: (raw) => JSON.parse(raw) as Delta,
      initial: '',
      reduce: (text, m) => {
        expectTypeOf(text).toEqualTypeOf<string>();
        expectTypeOf(m).toEqualTypeOf<SseMessage<Delta>>();
        return text + m.data.delta;
      },
    });
    expectTypeOf(answer.state).toEqualTypeOf<string>();
    expectTypeOf(answer).toEqualTypeOf<EventSourceResult<Delta, string>>();
  });

  test("a typed reducer gives both T and S, with parse: 'json' too", () => {
    const latest = (map: Prices, m: SseMessage<Price>): Prices => ({ ...map, [m.data.symbol]: m.data.price });
    const result = useEventSource('/quotes', { parse: 'json', share: true, reduce: latest, initial: {} });
    expectTypeOf(result.state).toEqualTypeOf<Prices>();
    expectTypeOf(result.data).toEqualTypeOf<Price | undefined>();
    // text events
    const count = useEventSource('/ticks', { initial: 0, reduce: (n, m) => n + m.data.length });
    expectTypeOf(count.state).toEqualTypeOf<number>();
  });

  test('without reduce, state is undefined', () => {
    expectTypeOf(useEventSource('/feed').state).toEqualTypeOf<undefined>();
    expectTypeOf(useEventSource<Price>('/feed', { parse: 'json' }).state).toEqualTypeOf<undefined>();
    expectTypeOf<EventSourceResult<Price>>().toEqualTypeOf<EventSourceResult<Price, undefined>>();
  });

  test('reduce needs initial, of its type', () => {
    // @ts-expect-error no initial: the fold would start from undefined
    useEventSource('/ticks', { reduce: (n: number) => n + 1 });
    // @ts-expect-error initial is not the reducer's state
    useEventSource('/ticks', { initial: 'zero', reduce: (n: number) => n + 1 });
    // a state that may be undefined may start from it
    const maybe = useEventSource('/ticks', { initial: undefined, reduce: (n: number | undefined) => (n ?? 0) + 1 });
    expectTypeOf(maybe.state).toEqualTypeOf<number | undefined>();
  });

  test('the options type takes the state type third', () => {
    const options: UseEventSourceOptions<string, EventSourceConstructor, Prices> = {
      share: true,
      initial: {},
      reduce: (map, m) => ({ ...map, [m.data]: 1 }),
    };
    expectTypeOf(useEventSource('/quotes', options).state).toEqualTypeOf<Prices>();
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
