export { useEventSource } from './useEventSource';
export { isEventSourceSupported } from './support';
export { SseError, isSseError } from './errors';
export { backoffDelay } from './reconnect';
export { SseConnection } from './connection';
export { eventStream } from './eventStream';
export type { EventStreamOptions, EventStreamOptionsBase, EventStreamSchemaOptions } from './eventStream';
export { lastEventIdHeader } from './resume';
export type { FetchFunction } from './resume';
export type { SseErrorKind, SseErrorDetails } from './errors';
export type {
  ConnectionState,
  ConnectionListener,
  SseConnectionConfig,
  SseConnectionConfigBase,
  Timers,
  EventHandler,
} from './connection';
export type {
  AnyEventSourceConstructor,
  ConnectionOptions,
  EventSourceConstructor,
  EventSourceInitLike,
  EventSourceInitOf,
  EventSourceLike,
  EventSourceResult,
  EventSchemas,
  EventSchemasData,
  EventSchemasMessage,
  ParseFunction,
  ParseOption,
  ReadyState,
  ReconnectOptions,
  SchemaOptions,
  SseMessage,
  SseStatus,
  TransportOptions,
  UseEventSourceOptions,
  UseEventSourceOptionsBase,
} from './types';
export { useSseProgress } from './useSseProgress';
export { ProgressTask } from './task';
export type { ProgressOptions, ProgressOptionsBase, ProgressResult, ProgressStatus } from './task';
export type { ProgressLogEntry, ProgressUpdate } from './progress';
