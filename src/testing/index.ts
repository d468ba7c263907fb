export { installEventSource } from './install';
export { scriptedStream } from './scriptedStream';
export { progressStream, progressSteps } from './progressStream';
export { clockStream } from './clockStream';
export type {
  CloseStep,
  DropStep,
  RetryStep,
  ScriptedStreamOptions,
  SendStep,
  SseStreamHandler,
  StreamStep,
  WaitStep,
} from './scriptedStream';
export type { ProgressStreamOptions } from './progressStream';
export type { ClockStreamOptions } from './clockStream';
export type { StreamRecord, StreamRequest } from './track';
