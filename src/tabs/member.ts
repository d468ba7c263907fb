import { channelElection } from './channelElection';
import { compareTerms, type Election, type ElectionHost, type Term } from './election';
import type { ChannelLike, TabsEnv } from './env';
import type { TabsHub } from './hub';
import { receive } from './inbox';
import { type Leader, lead, type MemberDeps } from './leader';
import { lockElection } from './lockElection';
import { PROTOCOL, parseMessage, toWire, toWireState } from './protocol';
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
export interface Member extends ElectionHost {
  /** This tab's role in the group: it changes only through the transitions below. */
  readonly role: Role;
  /** @internal The term of the leader this tab follows, or its own while it leads. */
  _term: Term | undefined;
  /** @internal The other tabs of the group and the event types their hooks want, in the order they said hello. */
  readonly _peers: Map<string, readonly string[]>;
  /** @internal */ _election: Election | undefined;
  /** @internal Set while this tab leads. */ _leader: Leader | undefined;
  /** @internal */ readonly _view: View;
  /** @internal */ readonly _watch: Watch;
  /** `suspended → joining`: open the channel, say hello, become a candidate, and watch the leader. */
  join(): void;
  /** `joining | following → following`: the leader of `term` spoke (a newer one, or the one followed). */
  follow(term: Term): void;
  /** `joining | following → awaiting-bye`: wait at most `bye` ms for the goodbye of the leader followed. */
  awaitBye(): boolean;
  /** `joining | following | awaiting-bye → leading`: connect (resuming after a handover), and say so. */
  lead(): void;
  /** `leading | awaiting-bye → following`: a newer leader spoke, or this tab's lock was stolen. */
  stepDown(): void;
  /** `* → suspended`: leave the group for now (the page hides or freezes) or for good (the driver's `leave`). */
  suspend(): void;
  /** @internal Say which event types this tab's hooks want. */
  _hello(): void;
}

/** The membership of this tab, for `hub`, in the group of its key. */
export function membership(hub: TabsHub, deps: MemberDeps, env: TabsEnv, timing: Timing): Member {
  let channel: ChannelLike | undefined;
  /** Awaiting a goodbye: the timer that stops waiting. */
  let byeTimer: unknown;

  /** Take `transition` if it is legal from the current role (role.ts); returns whether it was. */
  const move = (transition: Transition): boolean => {
    const role = next(self.role, transition);
    if (role) (self as { role: Role }).role = role;
    return role !== undefined;
  };

  /** Stop leading, or waiting to: what the relay holds goes out, then the connection closes. */
  const end = (): void => {
    env.clearTimeout(byeTimer);
    const leader = self._leader;
    if (!leader) return;
    self._leader = undefined;
    leader._close();
    self._view._reset(toWireState(hub.getState()));
    self._watch._heard();
  };

  const self: Member = {
    id: `${env.now().toString(36)}-${env.random().toString(36).slice(2, 10)}`,
    role: 'suspended',
    _term: undefined,
    _peers: new Map(),
    _election: undefined,
    _leader: undefined,
    _view: view(hub, deps._SseError, env.now, timing.bye),
    _watch: watch(env, timing, () => self.role, {
      announce: () => self._leader?._announce(),
      ping: () => self._post({ type: 'ping' }),
      takeOver: () => self._election?._takeOver(self._term),
    }),

    join() {
      if (hub._refs === 0 || !move('join')) return;
      const name = `${PROTOCOL} ${hub.key}`;
      channel = env.channel(name);
      channel.onmessage = (event) => {
        const message = parseMessage(event.data, hub.key);
        if (message && message.from !== self.id) receive(self, message, hub);
      };
      self._term = undefined;
      self._view._reset();
      self._watch._start();
      const locks = env.locks;
      self._election = locks ? lockElection(name, locks, self) : channelElection(self, env, timing);
      self._hello();
      self._election._start();
    },

    follow(term) {
      if (!move('follow')) return;
      if (!self._term || compareTerms(term, self._term)) {
        self._term = { epoch: term.epoch, from: term.from };
        self._view._newTerm();
        self._hello(); // the new leader learns this tab's event types
      }
      self._watch._heard();
    },

    awaitBye() {
      if (!move('awaitBye')) return false;
      byeTimer = env.setTimeout(() => self.lead(), timing.bye);
      return true;
    },

    lead() {
      env.clearTimeout(byeTimer);
      if (!move('lead')) return;
      const previous = self._term;
      const epoch = Math.max(env.now(), (previous?.epoch ?? 0) + 1);
      self._term = { epoch, from: self.id };
      const leader = lead(hub, deps, env, timing, self._peers, epoch, self._post);
      self._leader = leader;
      if (!previous || self._view._reopens) leader._open(previous !== undefined);
      leader._announce();
    },

    stepDown() {
      if (!move('stepDown')) return;
      end();
      self._election?._resign();
    },

    suspend() {
      const { _term: term, role } = self;
      const open = channel;
      if (!open || !move('suspend')) return;
      end();
      // A leader says goodbye, naming the tab that said hello first (the successor, without Web Locks).
      if (role === 'leading' && term) {
        const next = self._peers.keys().next().value;
        self._post({ type: 'bye', epoch: term.epoch, lastEventId: hub.lastEventId, next });
      } else self._post({ type: 'leave' });
      self._election?._stop();
      self._election = undefined;
      self._watch._stop();
      self._peers.clear();
      self._view._reset();
      channel = undefined;
      open.onmessage = null;
      open.close();
    },

    // ElectionHost

    _latestEpoch: () => self._term?.epoch ?? 0,

    _elected(how) {
      // The lock came free, maybe before this tab read the previous leader's last batch and goodbye (the lock and
      // the channel are separate queues). Resuming from an older id would deliver those events twice: wait for them.
      const alive = self._term && !self._view._ended && env.now() - self._watch._marks._heard < timing.silence;
      if (!(how === 'granted' && alive && self.awaitBye())) self.lead();
    },

    _deposed: () => self.stepDown(),

    _noLocks(election) {
      if (self._election !== election) return;
      self._election = channelElection(self, env, timing);
      self._election._start();
    },

    _post(body) {
      self._watch._spoke();
      try {
        channel?.postMessage(toWire(hub.key, self.id, body));
      } catch (error) {
        deps._reportError(error);
      }
    },

    _hello() {
      self._post({ type: 'hello', types: [...hub._handlers.keys()] });
    },
  };
  return self;
}
