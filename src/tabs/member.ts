// Loaded on first use of `share: 'tabs'` (see acquire.ts), so it imports nothing of the main bundle at run time:
// what it needs from there comes in `MemberDeps`.
import type { ConnectionListener, ConnectionState, reportError, SseConnection } from '../connection';
import type { SseError } from '../errors';
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
  Connection: typeof SseConnection;
  SseError: typeof SseError;
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
}

/** The timing browsers get. */
export const TIMING: Timing = { ping: 1000, silence: 3000, bye: 500, discover: 250, claim: 100 };

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
  private leading = false;
  /** The term of the leader this tab follows, or its own while it leads. */
  private term: Term | undefined;
  /** When this tab last heard the leader (or joined). */
  private heard = 0;
  /** When this tab last posted. */
  private spoke = 0;
  /** Whether the leader of `term` said goodbye. */
  private byeHeard = false;
  /** Granted the lock, waiting for the previous leader's goodbye. */
  private byeWait: unknown;
  /** Leading after a handover, and not open yet: the new connection is a reconnect. */
  private resumed = false;
  private channel: ChannelLike | undefined;
  private election: Election | undefined;
  private tick: unknown;
  private connection: SseConnection | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly listening = new Map<string, () => void>();
  /** The other tabs of the group and the event types their hooks want, in the order they said hello. */
  private readonly peers = new Map<string, readonly string[]>();
  private pending: Item[] = [];
  private flushing = false;
  /** The hub's state as it came over the channel (followers). */
  private wire: WireState | undefined;
  private readonly offPage: (() => void)[];

  constructor(
    private readonly hub: TabsHub,
    private readonly deps: MemberDeps,
    private readonly env: TabsEnv,
    private readonly timing: Timing,
  ) {
    this.id = `${env.now().toString(36)}-${env.random().toString(36).slice(2, 10)}`;
    this.offPage = [
      env.on('pagehide', () => this.suspend()),
      env.on('freeze', () => this.suspend()),
      env.on('pageshow', (event) => {
        if ((event as PageTransitionEvent).persisted) this.join();
      }),
      env.on('resume', () => this.join()),
    ];
  }

  /** Enter the group: say hello, become a candidate, and watch the leader. */
  join(): void {
    if (this.channel || this.hub._refs === 0) return;
    const name = `${PROTOCOL} ${this.hub.key}`;
    const channel = this.env.channel(name);
    channel.onmessage = (event) => this.receive(event.data);
    this.channel = channel;
    this.term = undefined;
    this.byeHeard = false;
    this.heard = this.env.now();
    this.election = this.env.locks
      ? new LockElection(name, this.env.locks, this)
      : new ChannelElection(this, this.env, this.timing);
    this.hello();
    this.election.start();
    this.watch();
  }

  // --- HubDriver ---

  types(): void {
    if (this.leading) this.sync();
    else this.hello();
  }

  open(): void {
    if (!this.leading) this.post({ t: 'open' });
    else if (this.connection) {
      this.resumed = false;
      this.connection.open();
    }
  }

  leave(): void {
    this.suspend();
    for (const off of this.offPage.splice(0)) off();
  }

  // --- ElectionHost ---

  latestEpoch(): number {
    return this.term?.e ?? 0;
  }

  elected(how: Elected): void {
    // The lock came free, maybe before this tab read the previous leader's last batch and goodbye (the lock and
    // the channel are separate queues). Resuming from an older id would deliver those events twice: wait for them.
    if (how === 'granted' && this.term && !this.byeHeard && this.env.now() - this.heard < this.timing.silence) {
      this.byeWait = this.env.setTimeout(() => {
        this.byeWait = undefined;
        this.lead();
      }, this.timing.bye);
      return;
    }
    this.lead();
  }

  deposed(): void {
    this.stepDown(false);
  }

  noLocks(): void {
    if (!this.channel || !(this.election instanceof LockElection)) return;
    this.election = new ChannelElection(this, this.env, this.timing);
    this.election.start();
  }

  post(body: Body): void {
    this.spoke = this.env.now();
    try {
      this.channel?.postMessage({ p: PROTOCOL, k: this.hub.key, from: this.id, ...body });
    } catch (error) {
      this.deps.reportError(error);
    }
  }

  // --- leading ---

  private lead(): void {
    if (!this.channel || this.leading) return;
    const previous = this.term;
    this.leading = true;
    this.term = { e: Math.max(this.env.now(), (previous?.e ?? 0) + 1), from: this.id };
    this.resumed = previous !== undefined;
    const config = this.hub._config;
    // A handover is a reconnect: the new connection resumes from the last id this tab received, through
    // `lastEventIdParam` (or the hook's own `lastEventId` when the stream had no id yet).
    const connection = new this.deps.Connection(this.hub.url, {
      ...config,
      lastEventId: this.hub.lastEventId || config.lastEventId,
    });
    this.connection = connection;
    this.unsubscribe = connection.subscribe({
      state: (state) => this.leaderState(state),
      open: (event) => {
        this.notify((listener) => listener.open?.(event));
        this.relay(['o']);
      },
      error: (error) => {
        this.notify((listener) => listener.error?.(error));
        this.relay(['x', toWireError(error)]);
      },
    });
    this.sync();
    // A stream that failed for good stays failed through a handover: no tab retries on its own; `open()` does.
    if (!previous || this.hub._state.status !== 'failed') connection.open();
    this.announce();
  }

  private leaderState(state: ConnectionState): void {
    let shown = state;
    if (this.resumed && state.status === 'connecting') shown = { ...state, status: 'reconnecting' };
    if (state.status === 'open' || state.status === 'failed') this.resumed = false;
    this.hub._state = shown;
    this.notify((listener) => listener.state?.(shown));
    this.relay(['s', toWireState(shown)]);
  }

  /** The leader listens to the union of the event types that any tab's hooks listen to. */
  private sync(): void {
    const connection = this.connection;
    if (!connection) return;
    const wanted = new Set(this.hub._handlers.keys());
    for (const types of this.peers.values()) for (const type of types) wanted.add(type);
    for (const [type, off] of this.listening)
      if (!wanted.has(type)) {
        off();
        this.listening.delete(type);
      }
    for (const type of wanted)
      if (!this.listening.has(type)) this.listening.set(type, connection.listen(type, this.onEvent));
  }

  private readonly onEvent = (event: MessageEvent, lastEventId: string): void => {
    this.hub.lastEventId = lastEventId;
    this.dispatch(event.type, event, lastEventId);
    if (this.peers.size > 0) {
      const data = typeof event.data === 'string' ? event.data : String(event.data);
      this.relay(['m', event.type, data, lastEventId, event.origin]);
    }
  };

  /** Queue an item for the other tabs; the queue goes out after the current task, as one message. */
  private relay(item: Item): void {
    if (this.peers.size === 0) return;
    this.pending.push(item);
    if (this.flushing) return;
    this.flushing = true;
    this.env.soon(() => {
      this.flushing = false;
      this.flush(false);
    });
  }

  private flush(always: boolean): void {
    if (!this.leading || !this.term || (!always && this.pending.length === 0)) return;
    const items = this.pending;
    this.pending = [];
    this.post({ t: 'lead', e: this.term.e, id: this.hub.lastEventId, s: toWireState(this.hub._state), items });
  }

  /** Say who leads and what the state is (to a new tab, a ping, a stale leader, a claim). */
  private announce(): void {
    this.flush(true);
  }

  private stepDown(bye: boolean): void {
    this.env.clearTimeout(this.byeWait);
    this.byeWait = undefined;
    if (!this.leading) return;
    this.flush(false);
    this.leading = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const off of this.listening.values()) off();
    this.listening.clear();
    this.connection?.close();
    this.connection = undefined;
    this.wire = toWireState(this.hub._state);
    this.heard = this.env.now();
    if (bye && this.term) {
      const [next] = this.peers.keys();
      this.post({ t: 'bye', e: this.term.e, id: this.hub.lastEventId, ...(next === undefined ? {} : { next }) });
    }
  }

  // --- following ---

  private receive(data: unknown): void {
    const message = parseMessage(data, this.hub.key);
    if (!message || message.from === this.id) return;
    switch (message.t) {
      case 'hello':
        this.peers.set(message.from, message.types);
        if (this.leading) {
          this.sync();
          this.announce();
        }
        break;
      case 'leave':
        this.peers.delete(message.from);
        if (this.leading) this.sync();
        break;
      case 'ping':
        if (this.leading) this.announce();
        break;
      case 'open': {
        const status = this.hub._state.status;
        if (this.leading && (status === 'failed' || status === 'closed')) this.open();
        break;
      }
      case 'claim':
        if (this.leading) this.announce();
        else this.election?.hear(message);
        break;
      case 'lead':
        this.onLead(message);
        break;
      case 'bye':
        this.onBye(message);
        break;
    }
  }

  private onLead(message: LeadMessage): void {
    const term = { e: message.e, from: message.from };
    const order = this.term ? compareTerms(term, this.term) : 1;
    if (order < 0) {
      // A leader of an older term (one that was frozen and woke up): tell it who leads now.
      if (this.leading) this.announce();
      return;
    }
    if (this.leading || this.byeWait !== undefined) {
      // A newer leader: this tab's lock was stolen, or, without Web Locks, two leaders met.
      this.stepDown(false);
      this.election?.resign();
    }
    if (order > 0) {
      this.term = term;
      this.byeHeard = false;
      this.hello(); // the new leader learns this tab's event types
    }
    this.heard = this.env.now();
    this.election?.hear(message);
    for (const item of message.items) this.apply(item);
    this.hub.lastEventId = message.id;
    this.follow(message.s);
  }

  private onBye(message: ByeMessage): void {
    this.peers.delete(message.from);
    if (this.leading || !this.term || message.from !== this.term.from || message.e !== this.term.e) return;
    this.byeHeard = true;
    this.hub.lastEventId = message.id;
    this.heard = this.env.now();
    if (this.byeWait !== undefined) {
      this.env.clearTimeout(this.byeWait);
      this.byeWait = undefined;
      this.lead();
    } else this.election?.hear(message);
  }

  private apply(item: Item): void {
    switch (item[0]) {
      case 's':
        this.follow(item[1]);
        break;
      case 'o': {
        const event = new Event('open');
        this.notify((listener) => listener.open?.(event));
        break;
      }
      case 'x': {
        const error = sameError(item[1], this.wire?.error) ? this.hub._state.error : undefined;
        const shown = error ?? this.rebuild(item[1]);
        this.notify((listener) => listener.error?.(shown));
        break;
      }
      case 'm': {
        const [, type, data, lastEventId, origin] = item;
        this.hub.lastEventId = lastEventId;
        if (this.hub._handlers.has(type))
          this.dispatch(type, new MessageEvent(type, { data, lastEventId, origin }), lastEventId);
        break;
      }
    }
  }

  /** Take the leader's state, as a new object only when something changed. */
  private follow(wire: WireState): void {
    const current = this.wire;
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
        ? this.hub._state.error
        : this.rebuild(wire.error)
      : undefined;
    this.wire = wire;
    const state: ConnectionState = { status: wire.status, readyState: wire.readyState, attempt: wire.attempt, error };
    this.hub._state = state;
    this.notify((listener) => listener.state?.(state));
  }

  private rebuild(wire: WireError): SseError {
    return new this.deps.SseError(wire.kind, wire.message, { willReconnect: wire.willReconnect, status: wire.status });
  }

  /**
   * Every `ping` ms: a leader that said nothing meanwhile says it leads (so that two leaders meet, say one that
   * woke up from a freeze); a follower asks a quiet leader to answer, and takes over from a silent one. Followers
   * ask rather than only wait for heartbeats because a hidden leader's timers are throttled, to once a minute after
   * a while in Chromium, while its message handlers still answer at once.
   */
  private watch(): void {
    this.env.clearTimeout(this.tick);
    this.tick = this.env.setTimeout(() => {
      this.tick = undefined;
      if (!this.channel) return;
      const now = this.env.now();
      if (this.leading) {
        if (now - this.spoke >= this.timing.ping) this.announce();
      } else if (this.byeWait === undefined) {
        const quiet = now - this.heard;
        if (quiet >= this.timing.silence) this.election?.takeOver(this.term);
        else if (quiet >= this.timing.ping / 2) this.post({ t: 'ping' });
      }
      this.watch();
    }, this.timing.ping);
  }

  // --- both ---

  private hello(): void {
    this.post({ t: 'hello', types: [...this.hub._handlers.keys()] });
  }

  /** Leave the group for now (the page hides or freezes) or for good (`leave`). */
  private suspend(): void {
    const channel = this.channel;
    if (!channel) return;
    if (this.leading) this.stepDown(true);
    else {
      this.stepDown(false); // cancels a wait for a goodbye
      this.post({ t: 'leave' });
    }
    this.election?.stop();
    this.election = undefined;
    this.env.clearTimeout(this.tick);
    this.tick = undefined;
    this.peers.clear();
    this.pending = [];
    this.wire = undefined;
    this.channel = undefined;
    channel.onmessage = null;
    channel.close();
  }

  private dispatch(type: string, event: MessageEvent, lastEventId: string): void {
    const handlers = this.hub._handlers.get(type);
    if (!handlers) return;
    for (const handler of handlers) {
      try {
        handler(event, lastEventId);
      } catch (error) {
        this.deps.reportError(error);
      }
    }
  }

  private notify(call: (listener: ConnectionListener) => void): void {
    for (const listener of this.hub._listeners) {
      try {
        call(listener);
      } catch (error) {
        this.deps.reportError(error);
      }
    }
  }
}
