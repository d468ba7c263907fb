import type { StandardSchemaV1 } from '@standard-schema/spec';

/**
 * What went wrong:
 * - `unsupported`: no EventSource in this environment and none injected.
 * - `connection`: the connection dropped (the browser reconnects; `willReconnect` is true) or failed
 *   (non-200 status, wrong content type, invalid URL; `willReconnect` tells whether a retry follows).
 * - `parse`: an event's data could not be parsed, or its `schema` refused it (`issues`); the event was skipped, the
 *   connection stays open.
 * - `retries-exhausted`: `reconnect` used all its attempts; `cause` holds the last connection error.
 */
export type SseErrorKind = 'unsupported' | 'connection' | 'parse' | 'retries-exhausted';

/** Details attached to an {@link SseError}. */
export interface SseErrorDetails {
  /** The DOM event behind the error: the EventSource's `error` event, or the `MessageEvent` that failed to parse. */
  event?: Event | undefined;
  /** The underlying error (the parser's exception, the constructor's `SyntaxError`, the last connection error). */
  cause?: unknown;
  /** Whether the connection is being re-established (by the browser, or by a scheduled library retry). */
  willReconnect?: boolean;
  /** The HTTP status, when the EventSource implementation reports it (the `eventsource` package does; browsers do not). */
  status?: number | undefined;
  /**
   * The failed response, its body unread (a 401's JSON, say): with the fetch transport, whose failures carry it.
   */
  response?: Response | undefined;
  /** For `parse` errors: the data that failed to parse. */
  raw?: string | undefined;
  /** For `parse` errors of a `schema`: every issue it found (the message tells the first). */
  issues?: readonly StandardSchemaV1.Issue[] | undefined;
}

/** The one error type of this library: a typed `kind`, the event behind it, and its cause. */
export class SseError extends Error {
  /** What went wrong. */
  declare readonly kind: SseErrorKind;
  /** The DOM event behind the error, if any. */
  declare readonly event: Event | undefined;
  /** The underlying error, if any. */
  declare readonly cause: unknown;
  /** Whether a reconnect follows (by the browser, or a scheduled library retry). */
  declare readonly willReconnect: boolean;
  /** The HTTP status when the implementation reports it. */
  declare readonly status: number | undefined;
  /** The failed response (the fetch transport), its body unread. */
  declare readonly response: Response | undefined;
  /** For `parse` errors: the raw data that failed. */
  declare readonly raw: string | undefined;
  /** For `parse` errors of a `schema`: every issue it found, each with its `message` and `path`. */
  declare readonly issues: readonly StandardSchemaV1.Issue[] | undefined;

  /** Create an error of the given kind. */
  constructor(kind: SseErrorKind, message: string, details: SseErrorDetails = {}) {
    super(message);
    Object.assign(this, { name: 'SseError', kind, willReconnect: false }, details);
  }
}

/** Whether `value` is an {@link SseError}, optionally of one kind. */
export function isSseError(value: unknown, kind?: SseErrorKind): value is SseError {
  return value instanceof SseError && (kind === undefined || value.kind === kind);
}

/** What an exception says, for a message: an `Error`'s message, or the thrown value as a string. */
export const reasonOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));
