import { ChannelElection } from './channelElection';
import type { Elected, Election, ElectionHost, Term } from './election';
import type { ChannelLike, TabsEnv } from './env';
import type { TabsHub } from './hub';
import { receive } from './inbox';
import { type Leader, lead, type MemberDeps } from './leader';
import { LockElection } from './lockElection';
import { type Body, PROTOCOL, parseMessage, toWire, toWireState } from './protocol';
import { next, type Role, type Transition } from './role';
import type { Timing } from './timing';
import { type View, view } from './view';
import { type Watch, watch } from './watch';

/**
 * One tab's membership in the group of tabs that share a key. Its {@link Role} changes only through the transitions
 * of role.ts, each a method here (`join`, `follow`, `awaitBye`, `lead`, `stepDown`, `suspend`), taken as the
 * election, the channel's messages (inbox.ts), the liveness watch and the page lifecycle call for. Members marked
 * internal are for inbox.ts and the driver.
 */
export class Member implements ElectionHost {
  readonly id: string;
  private _role: Role = 'suspended';
  /** @internal The term of the leader this tab follows, or its own while it leads. */
  _term: Term | undefined;
  /** @internal The other tabs of the group and the event types their hooks want, in the order they said hello. */
  readonly _peers = new Map<string, readonly string[]>();
  /** @internal */ _election: Election | undefined;
  /** @internal Set while this tab leads. */ _leader: Leader | undefined;
  /** @internal */ readonly _view: View;
  /** @internal */ readonly _watch: Watch;
  private _channel: ChannelLike | undefined;
  /** Awaiting a goodbye: the timer that stops waiting. */
  private _byeTimer: unknown;
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
    this._view = view(hub, deps.SseError, env.now, timing.bye);
    this._watch = watch(env, timing, () => this._role, {
      announce: () => this._leader?.announce(),
      ping: () => this.post({ type: 'ping' }),
      takeOver: () => this._election?.takeOver(this._term),
    });
  }

  /** This tab's role in the group. */
  get role(): Role {
    return this._role;
  }

  /** `suspended → joining`: open the channel, say hello, become a candidate, and watch the leader. */
  join(): void {
    if (this._hub._refs === 0 || !this._move('join')) return;
    const name = `${PROTOCOL} ${this._hub.key}`;
    const channel = this._env.channel(name);
    channel.onmessage = (event) => {
      const message = parseMessage(event.data, this._hub.key);
      if (message && message.from !== this.id) receive(this, message, this._hub);
    };
    this._channel = channel;
    this._term = undefined;
    this._view.reset();
    this._watch.start();
    const locks = this._env.locks;
    this._election = locks ? new LockElection(name, locks, this) : new ChannelElection(this, this._env, this._timing);
    this.hello();
    this._election.start();
  }

  /** `joining | following → following`: the leader of `term` spoke (a newer one, or the one followed). */
  follow(term: Term): void {
    if (!this._move('follow')) return;
    if (!this._term || term.epoch !== this._term.epoch || term.from !== this._term.from) {
      this._term = { epoch: term.epoch, from: term.from };
      this._view.newTerm();
      this.hello(); // the new leader learns this tab's event types
    }
    this._watch.heard();
  }

  /** `joining | following → awaiting-bye`: wait at most `bye` ms for the goodbye of the leader followed. */
  awaitBye(): boolean {
    if (!this._move('awaitBye')) return false;
    this._byeTimer = this._env.setTimeout(() => this.lead(), this._timing.bye);
    return true;
  }

  /** `joining | following | awaiting-bye → leading`: connect (resuming after a handover), and say so. */
  lead(): void {
    this._env.clearTimeout(this._byeTimer);
    if (!this._move('lead')) return;
    const previous = this._term;
    const epoch = Math.max(this._env.now(), (previous?.epoch ?? 0) + 1);
    this._term = { epoch, from: this.id };
    this._leader = lead(this._hub, this._deps, this._env, this._timing, this._peers, epoch, (body) => this.post(body));
    if (!previous || this._view.reopens) this._leader.open(previous !== undefined);
    this._leader.announce();
  }

  /** `leading | awaiting-bye → following`: a newer leader spoke, or this tab's lock was stolen. */
  stepDown(): void {
    if (!this._move('stepDown')) return;
    this._end();
    this._election?.resign();
  }

  /** `* → suspended`: leave the group for now (the page hides or freezes) or for good (the driver's `leave`). */
  suspend(): void {
    const { _channel: channel, _term: term, _role: role } = this;
    if (!channel || !this._move('suspend')) return;
    this._end();
    // A leader says goodbye, naming the tab that said hello first (the successor, without Web Locks).
    if (role === 'leading' && term) {
      const next = this._peers.keys().next().value;
      this.post({ type: 'bye', epoch: term.epoch, lastEventId: this._hub.lastEventId, next });
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

  // ElectionHost

  latestEpoch(): number {
    return this._term?.epoch ?? 0;
  }

  elected(how: Elected): void {
    // The lock came free, maybe before this tab read the previous leader's last batch and goodbye (the lock and
    // the channel are separate queues). Resuming from an older id would deliver those events twice: wait for them.
    const alive = this._term && !this._view.ended && this._env.now() - this._watch.marks.heard < this._timing.silence;
    if (!(how === 'granted' && alive && this.awaitBye())) this.lead();
  }

  deposed(): void {
    this.stepDown();
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

  /** @internal Say which event types this tab's hooks want. */
  hello(): void {
    this.post({ type: 'hello', types: [...this._hub._handlers.keys()] });
  }

  /** Take `transition` if it is legal from the current role (role.ts); returns whether it was. */
  private _move(transition: Transition): boolean {
    const role = next(this._role, transition);
    if (role) this._role = role;
    return role !== undefined;
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
}
