import type { ConnectionState } from '../connection';
import type { SseError, SseErrorKind } from '../errors';
import type { ReadyState, SseStatus } from '../types';

/**
 * The relay protocol's name and version. It is in every message, and in the names of the channel and the lock, so
 * tabs running another version of the library (an old tab after a deploy) form a group of their own instead of
 * fighting over one lock.
 */
export const PROTOCOL = 'react-sse-kit/1';

/** An {@link SseError} as it crosses the channel. */
export interface WireError {
  readonly kind: SseErrorKind;
  readonly message: string;
  readonly willReconnect: boolean;
  readonly status?: number | undefined;
}

/** A {@link ConnectionState} as it crosses the channel. */
export interface WireState {
  readonly status: SseStatus;
  readonly readyState: ReadyState;
  readonly attempt: number;
  readonly error?: WireError | undefined;
}

/**
 * One thing that happened on the leader's connection, relayed in order: a state change, an `open`, an error given
 * to `onError`, or an event (`type`, `data`, last event id, `origin`).
 */
export type Item =
  | readonly ['s', WireState]
  | readonly ['o']
  | readonly ['x', WireError]
  | readonly ['m', string, string, string, string];

/**
 * The messages of the relay protocol, on one channel per key, by their named fields (what the code reads; the wire
 * has one-letter keys, see {@link toWire}):
 * - `hello`: a tab needs the stream, with the event types its hooks listen to (sent on joining, when its types
 *   change, and to every new leader). The leader answers with a `lead`.
 * - `leave`: a tab no longer needs the stream.
 * - `ping`: a tab that heard nothing from the leader for a while asks it to answer (with a `lead`).
 * - `open`: a tab asks the leader to open again after `failed`.
 * - `claim`: without Web Locks, a tab that means to lead with `epoch` (see channelElection.ts).
 * - `lead`: from the leader of `epoch`: what happened, in order (`items`), then its `state` and `lastEventId`.
 * - `bye`: the leader of `epoch` steps down; `lastEventId` is the last id it relayed, `next` the tab it hands over
 *   to (without Web Locks; with them, the lock's queue decides).
 */
export type Body =
  | { readonly type: 'hello'; readonly types: readonly string[] }
  | { readonly type: 'leave' | 'ping' | 'open' }
  | { readonly type: 'claim'; readonly epoch: number }
  | {
      readonly type: 'lead';
      readonly epoch: number;
      readonly lastEventId: string;
      readonly state: WireState;
      readonly items: readonly Item[];
    }
  | { readonly type: 'bye'; readonly epoch: number; readonly lastEventId: string; readonly next?: string | undefined };

/** A message as a tab reads it: one {@link Body} and its sender, a tab id (random, per tab and key). */
export type Message = Body & { readonly from: string };

type Loose = Record<string, unknown>;

/**
 * `body` from the tab `from` as it crosses the channel of `key`: with {@link PROTOCOL} (`p`), the key (`k`), the
 * sender, and the wire's one-letter keys for the named fields (a leader sends a message per batch of events: short
 * keys keep a flood's messages small). {@link parseMessage} names them again.
 */
export const toWire = (key: string, from: string, body: Body): Loose => {
  const { type: t, epoch: e, lastEventId: id, state: s, ...rest } = body as Loose;
  return { p: PROTOCOL, k: key, from, t, e, id, s, ...rest };
};

const STATUSES: readonly string[] = ['idle', 'unsupported', 'connecting', 'open', 'reconnecting', 'closed', 'failed'];
const KINDS: readonly string[] = ['unsupported', 'connection', 'parse', 'retries-exhausted'];

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

const isWireError = (value: unknown): value is WireError =>
  isObject(value) &&
  KINDS.includes(value.kind as string) &&
  isString(value.message) &&
  typeof value.willReconnect === 'boolean' &&
  (value.status === undefined || isNumber(value.status));

const isWireState = (value: unknown): value is WireState =>
  isObject(value) &&
  STATUSES.includes(value.status as string) &&
  (value.readyState === 0 || value.readyState === 1 || value.readyState === 2) &&
  isNumber(value.attempt) &&
  (value.error === undefined || isWireError(value.error));

const isItem = (value: unknown): value is Item => {
  if (!Array.isArray(value)) return false;
  switch (value[0]) {
    case 's':
      return value.length === 2 && isWireState(value[1]);
    case 'o':
      return value.length === 1;
    case 'x':
      return value.length === 2 && isWireError(value[1]);
    case 'm':
      return value.length === 5 && isStrings(value);
    default:
      return false;
  }
};

/**
 * `data` as a message of this protocol for the stream `key`, with its named fields, or `undefined` when it is
 * anything else: another version, another key, a foreign or malformed message. Never throws: whatever arrives on a
 * channel is only data.
 */
export function parseMessage(data: unknown, key: string): Message | undefined {
  if (!isObject(data) || data.p !== PROTOCOL || data.k !== key || !isString(data.from) || !isBody(data))
    return undefined;
  // The named fields last: a wire key of the same name (`type` beside `t`) must not stand for the field checked.
  const { p, k, t: type, e: epoch, id: lastEventId, s: state, ...rest } = data;
  return { ...rest, type, epoch, lastEventId, state } as unknown as Message;
}

const isBody = (data: Loose): boolean => {
  switch (data.t) {
    case 'hello':
      return isStrings(data.types);
    case 'leave':
    case 'ping':
    case 'open':
      return true;
    case 'claim':
      return isNumber(data.e);
    case 'lead':
      return (
        isNumber(data.e) &&
        isString(data.id) &&
        isWireState(data.s) &&
        Array.isArray(data.items) &&
        data.items.every(isItem)
      );
    case 'bye':
      return isNumber(data.e) && isString(data.id) && (data.next === undefined || isString(data.next));
    default:
      return false;
  }
};

/** What a tab can see of an error: {@link sameError} compares these. */
const ERROR_FIELDS = ['kind', 'message', 'willReconnect', 'status'] as const;

/**
 * An error for the channel: only what a tab can rebuild (the DOM event and the cause stay with the leader). An unset
 * `status` crosses as `undefined`, as a message's unset fields do.
 */
export const toWireError = ({ kind, message, willReconnect, status }: SseError): WireError => ({
  kind,
  message,
  willReconnect,
  status,
});

/**
 * The fields of a state on either side of the channel, and no others, with `error` for its error: a state for the
 * channel, or one rebuilt from it.
 */
export const withError = <E>({ status, readyState, attempt }: WireState | ConnectionState, error: E) => ({
  status,
  readyState,
  attempt,
  error,
});

/** A state for the channel. */
export const toWireState = (state: ConnectionState): WireState =>
  withError(state, state.error && toWireError(state.error));

/** Whether two wire errors say the same thing. */
export const sameError = (a: WireError | undefined, b: WireError | undefined): boolean =>
  a === b || (!!a && !!b && ERROR_FIELDS.every((field) => a[field] === b[field]));
