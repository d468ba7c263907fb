// Loaded on first use of `share: 'tabs'` (see acquire.ts), so it imports nothing of the main bundle at run time:
// what it needs from there comes in `MemberDeps`.
import type { ConnectionState, SseConnection } from '../connection';
import type { SseError } from '../errors';
import type { reportError } from '../report';
import {
  ChannelElection,
  compareTerms,
  type Elected,
  type Election,
  type ElectionHost,
  LockElection,
  type Term,
} from './election';
import { browserEnv, type ChannelLike, type TabsEnv } from './env';
import type { HubDriver, TabsHub } from './hub';
import {
  type Body,
  type Item,
  type Message,
  PROTOCOL,
  parseMessage,
  sameError,
  toWireError,
  toWireState,
  type WireError,
  type WireState,
} from './protocol';

/** What a member gets from the main bundle. */
export interface MemberDeps {
  /** The connection core, for the leader's connection. */
  Connection: typeof SseConnection;
  /** To rebuild the leader's errors in a tab that follows. */
  SseError: typeof SseError;
  /** Reports what a hook's handler throws without stopping the others. */
  reportError: typeof reportError;
}

/** Timing of a group, in ms. */
export interface Timing {
  /** How often a follower checks on the leader, and asks it (`ping`) when it has been quiet for half of that. */
  readonly ping: number;
  /** How long without a word from the leader makes a follower take over (steal the lock, or claim). */
  readonly silence: number;
  /** How long a tab granted the lock waits for the goodbye (and the last events) of a leader that was alive. */
  readonly bye: number;
  /** Without Web Locks: how long a joining tab listens for a leader before it claims. */
  readonly discover: number;
  /** Without Web Locks: how long a claim stands before the claimant leads. */
  readonly claim: number;
  /** The most items a relay message holds. */
  readonly batch: number;
  /** The oldest an item waits in a batch before the batch goes out, when events keep coming. */
  readonly batchMs: number;
}

/** The timing browsers get. */
export const TIMING: Timing = {
  ping: 1000,
  silence: 3000,
  bye: 500,
  discover: 250,
  claim: 100,
  batch: 100,
  batchMs: 20,
};

type LeadMessage = Extract<Message, { t: 'lead' }>;
type ByeMessage = Extract<Message, { t: 'bye' }>;

/** Join the tabs' group of `hub`'s key: the hub's driver from now on. */
export function join(hub: TabsHub, deps: MemberDeps, env: TabsEnv = browserEnv(), timing = TIMING): HubDriver {
  const member = new Member(hub, deps, env, timing);
  member.join();
  return member;
}

/**
 * One tab's membership in the group of tabs that share a key. It leads (owns the EventSource, delivers its events
 * to this tab's hooks and relays everything to the other tabs, in order, in batches) or follows (delivers what the
 * leader relays), and it changes roles as the election says. It steps down on `pagehide` and `freeze`, so a page in
 * the back-forward cache or frozen holds no lock and no connection, and joins again on `pageshow` and `resume`.
 */
export class Member implements HubDriver, ElectionHost {
  readonly id: string;
  private _leading = false;
  /** The term of the leader this tab follows, or its own while it leads. */
  private _term: Term | undefined;
  /** When this tab last heard the leader (or joined). */
  private _heard = 0;
  /** When this tab last posted. */
  private _spoke = 0;
  /** Whether the leader of `term` said goodbye. */
  private _byeHeard = false;
  /** When the leader's state last became `failed`. */
  private _failedAt = 0;
  /** Whether it failed just before its goodbye (its own teardown, not the server's answer). */
  private _failedAtBye = false;
  /** Granted the lock, waiting for the previous leader's goodbye. */
  private _byeWait: unknown;
  /** Leading after a handover, and not open yet: the new connection is a reconnect. */
  private _resumed = false;
  private _channel: ChannelLike | undefined;
  private _election: Election | undefined;
  private _tick: unknown;
  private _connection: SseConnection | undefined;
  private _unsubscribe: (() => void) | undefined;
  private readonly _listening = new Map<string, () => void>();
  /** The other tabs of the group and the event types their hooks want, in the order they said hello. */
  private readonly _peers = new Map<string, readonly string[]>();
  private _pending: Item[] = [];
  /** When the first item of `_pending` was queued. */
  private _batchStart = 0;
  private _flushing = false;
  /** The hub's state as it came over the channel (followers). */
  private _wire: WireState | undefined;
  private readonly _offPage: (() => void)[];

  private readonly _hub: TabsHub;
  private readonly _deps: MemberDeps;
  private readonly _env: TabsEnv;
  private readonly _timing: Timing;

  constructor(hub: TabsHub, deps: MemberDeps, env: TabsEnv, timing: Timing) {
    this._hub = hub;
    this._deps = deps;
    this._env = env;
    this._timing = timing;
    this.id = `${env.now().toString(36)}-${env.random().toString(36).slice(2, 10)}`;
    this._offPage = [
      env.on('pagehide', () => this._suspend()),
      env.on('freeze', () => this._suspend()),
      env.on('pageshow', (event) => {
        if ((event as PageTransitionEvent).persisted) this.join();
      }),
      env.on('resume', () => this.join()),
    ];
  }

  /** Enter the group: say hello, become a candidate, and watch the leader. */
  join(): void {
    if (this._channel || this._hub._refs === 0) return;
    const name = `${PROTOCOL} ${this._hub.key}`;
    const channel = this._env.channel(name);
    channel.onmessage = (event) => this._receive(event.data);
    this._channel = channel;
    this._term = undefined;
    this._byeHeard = false;
    this._heard = this._env.now();
    this._election = this._env.locks
      ? new LockElection(name, this._env.locks, this)
      : new ChannelElection(this, this._env, this._timing);
    this._hello();
    this._election.start();
    this._watch();
  }

  // --- HubDriver ---

  types(): void {
    if (this._leading) this._sync();
    else this._hello();
  }

  open(): void {
    if (!this._leading) this.post({ t: 'open' });
    else if (this._connection) {
      this._resumed = false;
      this._connection.open();
    }
  }

  leave(): void {
    this._suspend();
    for (const off of this._offPage.splice(0)) off();
  }

  // --- ElectionHost ---

  latestEpoch(): number {
    return this._term?.e ?? 0;
  }

  elected(how: Elected): void {
    // The lock came free, maybe before this tab read the previous leader's last batch and goodbye (the lock and
    // the channel are separate queues). Resuming from an older id would deliver those events twice: wait for them.
    if (how === 'granted' && this._term && !this._byeHeard && this._env.now() - this._heard < this._timing.silence) {
      this._byeWait = this._env.setTimeout(() => {
        this._byeWait = undefined;
        this._lead();
      }, this._timing.bye);
      return;
    }
    this._lead();
  }

  deposed(): void {
    this._stepDown(false);
  }

  noLocks(): void {
    if (!this._channel || !(this._election instanceof LockElection)) return;
    this._election = new ChannelElection(this, this._env, this._timing);
    this._election.start();
  }

  post(body: Body): void {
    this._spoke = this._env.now();
    try {
      this._channel?.postMessage({ p: PROTOCOL, k: this._hub.key, from: this.id, ...body });
    } catch (error) {
      this._deps.reportError(error);
    }
  }

  // --- leading ---

  private _lead(): void {
    if (!this._channel || this._leading) return;
    const previous = this._term;
    this._leading = true;
    this._term = { e: Math.max(this._env.now(), (previous?.e ?? 0) + 1), from: this.id };
    this._resumed = previous !== undefined;
    const config = this._hub._config;
    // A handover is a reconnect: the new connection resumes from the last id this tab received, through
    // `lastEventIdParam` (or the hook's own `lastEventId` when the stream had no id yet).
    const connection = new this._deps.Connection(this._hub.url, {
      ...config,
      lastEventId: this._hub.lastEventId || config.lastEventId,
    });
    this._connection = connection;
    this._unsubscribe = connection.subscribe({
      state: (state) => this._leaderState(state),
      open: (event) => {
        this._hub._notify((listener) => listener.open?.(event));
        this._relay(['o']);
      },
      error: (error) => {
        this._hub._notify((listener) => listener.error?.(error));
        this._relay(['x', toWireError(error)]);
      },
    });
    this._sync();
    // A stream that failed for good stays failed through a handover: no tab retries on its own; `open()` does. But
    // a failure that came with the leader's goodbye was its teardown: Chromium fails the EventSource of a frame
    // that is removed, just before its `pagehide`.
    if (!previous || this._hub._state.status !== 'failed' || this._failedAtBye) connection.open();
    this._announce();
  }

  private _leaderState(state: ConnectionState): void {
    let shown = state;
    if (this._resumed && state.status === 'connecting') shown = { ...state, status: 'reconnecting' };
    if (state.status === 'open' || state.status === 'failed') this._resumed = false;
    this._tell(shown);
    this._relay(['s', toWireState(shown)]);
  }

  /** The leader listens to the union of the event types that any tab's hooks listen to. */
  private _sync(): void {
    const connection = this._connection;
    if (!connection) return;
    const wanted = new Set(this._hub._handlers.keys());
    for (const types of this._peers.values()) for (const type of types) wanted.add(type);
    for (const [type, off] of this._listening)
      if (!wanted.has(type)) {
        off();
        this._listening.delete(type);
      }
    for (const type of wanted)
      if (!this._listening.has(type)) this._listening.set(type, connection.listen(type, this._onEvent));
  }

  private readonly _onEvent = (event: MessageEvent, lastEventId: string): void => {
    this._hub.lastEventId = lastEventId;
    this._hub._deliver(event.type, event, lastEventId);
    if (this._peers.size > 0) {
      const data = typeof event.data === 'string' ? event.data : String(event.data);
      this._relay(['m', event.type, data, lastEventId, event.origin]);
    }
  };

  /**
   * Queue an item for the other tabs. The queue goes out as one message after the current task, or at once when it
   * holds `batch` items or its first is `batchMs` old: during a burst of events Chromium runs no other task (not
   * even a MessageChannel's) until the burst is over, and a whole flood would go out as one late message.
   */
  private _relay(item: Item): void {
    if (this._peers.size === 0) return;
    const now = this._env.now();
    if (this._pending.length === 0) this._batchStart = now;
    this._pending.push(item);
    if (this._pending.length >= this._timing.batch || now - this._batchStart >= this._timing.batchMs) {
      this._flush(false);
      return;
    }
    if (this._flushing) return;
    this._flushing = true;
    this._env.soon(() => {
      this._flushing = false;
      this._flush(false);
    });
  }

  private _flush(always: boolean): void {
    if (!this._leading || !this._term || (!always && this._pending.length === 0)) return;
    const items = this._pending;
    this._pending = [];
    this.post({ t: 'lead', e: this._term.e, id: this._hub.lastEventId, s: toWireState(this._hub._state), items });
  }

  /** Say who leads and what the state is (to a new tab, a ping, a stale leader, a claim). */
  private _announce(): void {
    this._flush(true);
  }

  private _stepDown(bye: boolean): void {
    this._env.clearTimeout(this._byeWait);
    this._byeWait = undefined;
    if (!this._leading) return;
    this._flush(false);
    this._leading = false;
    this._unsubscribe?.();
    this._unsubscribe = undefined;
    for (const off of this._listening.values()) off();
    this._listening.clear();
    this._connection?.close();
    this._connection = undefined;
    this._wire = toWireState(this._hub._state);
    this._heard = this._env.now();
    if (bye && this._term) {
      const [next] = this._peers.keys();
      this.post({ t: 'bye', e: this._term.e, id: this._hub.lastEventId, ...(next === undefined ? {} : { next }) });
    }
  }

  // --- following ---

  private _receive(data: unknown): void {
    const message = parseMessage(data, this._hub.key);
    if (!message || message.from === this.id) return;
    switch (message.t) {
      case 'hello':
        this._peers.set(message.from, message.types);
        if (this._leading) {
          this._sync();
          this._announce();
        }
        break;
      case 'leave':
        this._peers.delete(message.from);
        if (this._leading) this._sync();
        break;
      case 'ping':
        if (this._leading) this._announce();
        break;
      case 'open': {
        const status = this._hub._state.status;
        if (this._leading && (status === 'failed' || status === 'closed')) this.open();
        break;
      }
      case 'claim':
        if (this._leading) this._announce();
        else this._election?.hear(message);
        break;
      case 'lead':
        this._onLead(message);
        break;
      case 'bye':
        this._onBye(message);
        break;
    }
  }

  private _onLead(message: LeadMessage): void {
    const term = { e: message.e, from: message.from };
    const order = this._term ? compareTerms(term, this._term) : 1;
    if (order < 0) {
      // A leader of an older term (one that was frozen and woke up): tell it who leads now.
      if (this._leading) this._announce();
      return;
    }
    if (this._leading || this._byeWait !== undefined) {
      // A newer leader: this tab's lock was stolen, or, without Web Locks, two leaders met.
      this._stepDown(false);
      this._election?.resign();
    }
    if (order > 0) {
      this._term = term;
      this._byeHeard = false;
      this._failedAtBye = false;
      this._hello(); // the new leader learns this tab's event types
    }
    this._heard = this._env.now();
    this._election?.hear(message);
    for (const item of message.items) this._apply(item);
    this._hub.lastEventId = message.id;
    this._follow(message.s);
  }

  private _onBye(message: ByeMessage): void {
    this._peers.delete(message.from);
    if (this._leading || !this._term || message.from !== this._term.from || message.e !== this._term.e) return;
    this._byeHeard = true;
    this._hub.lastEventId = message.id;
    this._heard = this._env.now();
    this._failedAtBye = this._hub._state.status === 'failed' && this._heard - this._failedAt < this._timing.bye;
    if (this._byeWait !== undefined) {
      this._env.clearTimeout(this._byeWait);
      this._byeWait = undefined;
      this._lead();
    } else this._election?.hear(message);
  }

  private _apply(item: Item): void {
    switch (item[0]) {
      case 's':
        this._follow(item[1]);
        break;
      case 'o': {
        const event = new Event('open');
        this._hub._notify((listener) => listener.open?.(event));
        break;
      }
      case 'x': {
        const error = sameError(item[1], this._wire?.error) ? this._hub._state.error : undefined;
        const shown = error ?? this._rebuild(item[1]);
        this._hub._notify((listener) => listener.error?.(shown));
        break;
      }
      case 'm': {
        const [, type, data, lastEventId, origin] = item;
        this._hub.lastEventId = lastEventId;
        // A MessageEvent-like object, not a DOM MessageEvent: Chromium takes about 13 µs to construct one, which in
        // a flood is most of a follower's time.
        if (this._hub._handlers.has(type))
          this._hub._deliver(type, { type, data, lastEventId, origin } as MessageEvent, lastEventId);
        break;
      }
    }
  }

  /** Take the leader's state, as a new object only when something changed. */
  private _follow(wire: WireState): void {
    const current = this._wire;
    if (
      current &&
      current.status === wire.status &&
      current.readyState === wire.readyState &&
      current.attempt === wire.attempt &&
      sameError(current.error, wire.error)
    )
      return;
    const error = wire.error
      ? sameError(wire.error, current?.error)
        ? this._hub._state.error
        : this._rebuild(wire.error)
      : undefined;
    this._wire = wire;
    if (wire.status === 'failed' && current?.status !== 'failed') this._failedAt = this._env.now();
    const state: ConnectionState = { status: wire.status, readyState: wire.readyState, attempt: wire.attempt, error };
    this._tell(state);
  }

  /**
   * The hub's new state, told to every hook even when it looks the same: the hooks learn the last id with it (a tab
   * back from a freeze has a newer id under an unchanged state).
   */
  private _tell(state: ConnectionState): void {
    this._hub._state = state;
    this._hub._notify((listener) => this._hub._state === state && listener.state?.(state));
  }

  private _rebuild(wire: WireError): SseError {
    return new this._deps.SseError(wire.kind, wire.message, { willReconnect: wire.willReconnect, status: wire.status });
  }

  /**
   * Every `ping` ms: a leader that said nothing meanwhile says it leads (so that two leaders meet, say one that
   * woke up from a freeze); a follower asks a quiet leader to answer, and takes over from a silent one. Followers
   * ask rather than only wait for heartbeats because a hidden leader's timers are throttled, to once a minute after
   * a while in Chromium, while its message handlers still answer at once.
   */
  private _watch(): void {
    this._env.clearTimeout(this._tick);
    this._tick = this._env.setTimeout(() => {
      this._tick = undefined;
      if (!this._channel) return;
      const now = this._env.now();
      if (this._leading) {
        if (now - this._spoke >= this._timing.ping) this._announce();
      } else if (this._byeWait === undefined) {
        const quiet = now - this._heard;
        if (quiet >= this._timing.silence) this._election?.takeOver(this._term);
        else if (quiet >= this._timing.ping / 2) this.post({ t: 'ping' });
      }
      this._watch();
    }, this._timing.ping);
  }

  // --- both ---

  private _hello(): void {
    this.post({ t: 'hello', types: [...this._hub._handlers.keys()] });
  }

  /** Leave the group for now (the page hides or freezes) or for good (`leave`). */
  private _suspend(): void {
    const channel = this._channel;
    if (!channel) return;
    if (this._leading) this._stepDown(true);
    else {
      this._stepDown(false); // cancels a wait for a goodbye
      this.post({ t: 'leave' });
    }
    this._election?.stop();
    this._election = undefined;
    this._env.clearTimeout(this._tick);
    this._tick = undefined;
    this._peers.clear();
    this._pending = [];
    this._wire = undefined;
    this._channel = undefined;
    channel.onmessage = null;
    channel.close();
  }
}
