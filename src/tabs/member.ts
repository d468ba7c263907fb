// Loaded on first use of `share: 'tabs'` (see acquire.ts), so it imports nothing of the main bundle at run time:
// what it needs from there comes in `MemberDeps`.
import { ChannelElection } from './channelElection';
import { compareTerms, type Elected, type Election, type ElectionHost, type Term } from './election';
import { browserEnv, type ChannelLike, type TabsEnv } from './env';
import type { HubDriver, TabsHub } from './hub';
import { Leader, type MemberDeps } from './leader';
import { LockElection } from './lockElection';
import { type Body, type Message, PROTOCOL, parseMessage, toWire, toWireState } from './protocol';
import { next, type Role, type Transition } from './role';
import { TIMING, type Timing } from './timing';
import { View } from './view';
import { type Check, Watch } from './watch';

export type { MemberDeps } from './leader';

/** Join the tabs' group of `hub`'s key: the hub's driver from now on. */
export function join(hub: TabsHub, deps: MemberDeps, env: TabsEnv = browserEnv(), timing = TIMING): Member {
  const member = new Member(hub, deps, env, timing);
  member.join();
  return member;
}

/**
 * One tab's membership in the group of tabs that share a key. Its {@link Role} changes only through the transitions
 * of role.ts (`join`, `follow`, `awaitBye`, `lead`, `stepDown`, `suspend`, each a method here), driven by the
 * election, the messages of the channel, the liveness {@link Watch} and the page lifecycle: it steps down on
 * `pagehide` and `freeze`, so a page in the back-forward cache or frozen holds no lock and no connection, and joins
 * again on `pageshow` and `resume`.
 */
export class Member implements HubDriver, ElectionHost {
  readonly id: string;
  private _role: Role = 'suspended';
  /** The term of the leader this tab follows, or its own while it leads. */
  private _term: Term | undefined;
  /** The other tabs of the group and the event types their hooks want, in the order they said hello. */
  private readonly _peers = new Map<string, readonly string[]>();
  private _channel: ChannelLike | undefined;
  private _election: Election | undefined;
  private _leader: Leader | undefined;
  /** Awaiting a goodbye: the timer that stops waiting. */
  private _byeTimer: unknown;
  private readonly _view: View;
  private readonly _watch: Watch;
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
    this._view = new View(hub, deps.SseError, env.now, timing.bye);
    this._watch = new Watch(
      env,
      timing,
      () => this._role,
      (check) => this._check(check),
    );
    this._offPage = [
      env.on('pagehide', () => this._suspend()),
      env.on('freeze', () => this._suspend()),
      env.on('pageshow', (event) => (event as PageTransitionEvent).persisted && this.join()),
      env.on('resume', () => this.join()),
    ];
  }

  /** This tab's role in the group. */
  get role(): Role {
    return this._role;
  }

  /** Transition `suspended → joining`: open the channel, say hello, become a candidate, and watch the leader. */
  join(): void {
    if (this._hub._refs === 0 || !this._move('join')) return;
    const name = `${PROTOCOL} ${this._hub.key}`;
    const channel = this._env.channel(name);
    channel.onmessage = (event) => this._receive(event.data);
    this._channel = channel;
    this._term = undefined;
    this._view.reset();
    this._watch.start();
    const locks = this._env.locks;
    this._election = locks ? new LockElection(name, locks, this) : new ChannelElection(this, this._env, this._timing);
    this._hello();
    this._election.start();
  }

  // --- HubDriver ---

  types(): void {
    if (this._leader) this._leader.sync();
    else this._hello();
  }

  open(): void {
    if (this._leader) this._leader.open(false);
    else this.post({ type: 'open' });
  }

  leave(): void {
    this._suspend();
    for (const off of this._offPage.splice(0)) off();
  }

  // --- ElectionHost ---

  latestEpoch(): number {
    return this._term?.epoch ?? 0;
  }

  elected(how: Elected): void {
    // The lock came free, maybe before this tab read the previous leader's last batch and goodbye (the lock and
    // the channel are separate queues). Resuming from an older id would deliver those events twice: wait for them.
    if (
      how === 'granted' &&
      this._term &&
      !this._view.ended &&
      this._env.now() - this._watch.marks.heard < this._timing.silence &&
      this._move('awaitBye')
    )
      this._byeTimer = this._env.setTimeout(() => this._lead(), this._timing.bye);
    else this._lead();
  }

  deposed(): void {
    this._stepDown();
  }

  noLocks(): void {
    if (!(this._election instanceof LockElection)) return;
    this._election = new ChannelElection(this, this._env, this._timing);
    this._election.start();
  }

  post(body: Body): void {
    this._watch.spoke();
    try {
      this._channel?.postMessage(toWire(this._hub.key, this.id, body));
    } catch (error) {
      this._deps.reportError(error);
    }
  }

  // --- transitions ---

  /** Take `transition` if it is legal from the current role (role.ts); returns whether it was. */
  private _move(transition: Transition): boolean {
    const role = next(this._role, transition);
    if (role) this._role = role;
    return role !== undefined;
  }

  /** Transition `joining | following | awaiting-bye → leading`: connect (resuming), and say so. */
  private _lead(): void {
    this._env.clearTimeout(this._byeTimer);
    if (!this._move('lead')) return;
    const previous = this._term;
    const epoch = Math.max(this._env.now(), (previous?.epoch ?? 0) + 1);
    this._term = { epoch, from: this.id };
    const post = (body: Body) => this.post(body);
    const leader = new Leader(this._hub, this._deps, this._env, this._timing, this._peers, epoch, post);
    this._leader = leader;
    if (!previous || this._view.reopens) leader.open(previous !== undefined);
    leader.announce();
  }

  /** Transition `leading | awaiting-bye → following`: a newer leader spoke, or this tab's lock was stolen. */
  private _stepDown(): void {
    if (this._move('stepDown')) this._end();
  }

  /** Transition `* → suspended`: leave the group for now (the page hides or freezes) or for good (`leave`). */
  private _suspend(): void {
    const channel = this._channel;
    const term = this._term;
    const leading = this._role === 'leading';
    if (!channel || !this._move('suspend')) return;
    this._end();
    if (leading && term) {
      const [successor] = this._peers.keys();
      const bye = { type: 'bye', epoch: term.epoch, lastEventId: this._hub.lastEventId } as const;
      this.post(successor === undefined ? bye : { ...bye, next: successor });
    } else this.post({ type: 'leave' });
    this._election?.stop();
    this._election = undefined;
    this._watch.stop();
    this._peers.clear();
    this._view.reset();
    this._channel = undefined;
    channel.onmessage = null;
    channel.close();
  }

  /** Stop leading, or waiting to: what the relay holds goes out, then the connection closes. */
  private _end(): void {
    this._env.clearTimeout(this._byeTimer);
    const leader = this._leader;
    if (!leader) return;
    this._leader = undefined;
    leader.close();
    this._view.reset(toWireState(this._hub.getState()));
    this._watch.heard();
  }

  // --- the channel ---

  private _receive(data: unknown): void {
    const message = parseMessage(data, this._hub.key);
    if (!message || message.from === this.id) return;
    const leader = this._leader;
    switch (message.type) {
      case 'hello':
        this._peers.set(message.from, message.types);
        leader?.sync();
        leader?.announce();
        break;
      case 'leave':
        this._peers.delete(message.from);
        leader?.sync();
        break;
      case 'ping':
        leader?.announce();
        break;
      case 'open': {
        const status = this._hub.getState().status;
        if (status === 'failed' || status === 'closed') leader?.open(false);
        break;
      }
      case 'claim':
        if (leader) leader.announce();
        else this._election?.hear(message);
        break;
      case 'lead':
        this._heardLead(message);
        break;
      case 'bye':
        this._heardBye(message);
        break;
    }
  }

  /** A `lead`: transition `follow` (after `stepDown` when the term is newer than this tab's own). */
  private _heardLead(message: Extract<Message, { type: 'lead' }>): void {
    const order = this._term ? compareTerms(message, this._term) : 1;
    if (order < 0) {
      // A leader of an older term (one that was frozen and woke up): tell it who leads now.
      this._leader?.announce();
      return;
    }
    if (order > 0) {
      if (this._role === 'leading' || this._role === 'awaiting-bye') {
        // A newer leader: this tab's lock was stolen, or, without Web Locks, two leaders met.
        this._stepDown();
        this._election?.resign();
      }
      this._term = { epoch: message.epoch, from: message.from };
      this._view.newTerm();
      this._hello(); // the new leader learns this tab's event types
    }
    // Awaiting the goodbye of this term's leader, its last batch is what this tab waits for: it stays awaiting.
    this._move('follow');
    this._watch.heard();
    this._election?.hear(message);
    for (const item of message.items) this._view.apply(item);
    this._view.state(message.state, message.lastEventId);
  }

  /** A `bye` from the leader followed: a tab awaiting it leads now; the others let the election go on. */
  private _heardBye(message: Extract<Message, { type: 'bye' }>): void {
    this._peers.delete(message.from);
    const term = this._term;
    if (this._leader || !term || message.from !== term.from || message.epoch !== term.epoch) return;
    this._watch.heard();
    this._view.bye(message.lastEventId);
    if (this._role === 'awaiting-bye') this._lead();
    else this._election?.hear(message);
  }

  // --- both ---

  private _check(check: Exclude<Check, undefined>): void {
    if (check === 'announce') this._leader?.announce();
    else if (check === 'ping') this.post({ type: 'ping' });
    else this._election?.takeOver(this._term);
  }

  private _hello(): void {
    this.post({ type: 'hello', types: [...this._hub._handlers.keys()] });
  }
}
