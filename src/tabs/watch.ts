import type { TabsEnv } from './env';
import type { Role } from './role';
import type { Timing } from './timing';

/** What the watch does at a tick: say this tab leads, ask the leader to answer, or take over from a silent one. */
export type Check = keyof Acts | undefined;

/** What a watch does, for the tab it watches. */
export interface Acts {
  /** Say this tab leads. */
  announce(): void;
  /** Ask the leader to answer. */
  ping(): void;
  /** Take over from a silent leader. */
  takeOver(): void;
}

/** The times the watch goes by, in ms. */
export interface Marks {
  /** When this tab last heard the leader it follows (or joined, or stopped leading). */
  _heard: number;
  /** When this tab last posted. */
  _spoke: number;
  /** When this tab sent a ping that has not been answered yet. */
  _pinged: number | undefined;
}

/**
 * What the watch does at a tick, `now`. A leader that said nothing for `ping` ms says it leads (so that two leaders
 * meet, say one that woke up from a freeze). A tab that follows, or joins, pings a leader that has been quiet for
 * half of that, and takes over only when the leader has been silent for `silence` ms and a ping that went out at
 * least `ping` ms ago is still unanswered: a hidden tab's timers run as rarely as once a minute in Chromium, so a
 * late tick finds every leader "silent", while a live one answers a ping at once (message handlers are not
 * throttled).
 */
export function check(role: Role, now: number, marks: Marks, timing: Pick<Timing, 'ping' | 'silence'>): Check {
  if (role === 'leading') return now - marks._spoke >= timing.ping ? 'announce' : undefined;
  if (role !== 'following' && role !== 'joining') return undefined;
  if (marks._pinged === undefined) return now - marks._heard >= timing.ping / 2 ? 'ping' : undefined;
  return now - marks._heard >= timing.silence && now - marks._pinged >= timing.ping ? 'takeOver' : undefined;
}

/** A tab's liveness watch. */
export interface Watch {
  /** The times it goes by. */
  readonly _marks: Marks;
  /** Start ticking, as if the leader had just been heard. */
  _start(): void;
  _stop(): void;
  /** The leader spoke: it is alive, and any ping is answered. */
  _heard(): void;
  /** This tab posted. */
  _spoke(): void;
}

/**
 * The watch of the tab whose role `role` returns: a tick every `ping` ms that does what {@link check} says, with
 * `acts`.
 */
export function watch(
  env: Pick<TabsEnv, 'now' | 'setTimeout' | 'clearTimeout'>,
  timing: Pick<Timing, 'ping' | 'silence'>,
  role: () => Role,
  acts: Acts,
): Watch {
  const marks: Marks = { _heard: 0, _spoke: 0, _pinged: undefined };
  let timer: unknown;
  const tick = (): void => {
    timer = env.setTimeout(() => {
      const now = env.now();
      const what = check(role(), now, marks, timing);
      if (what === 'ping') marks._pinged = now;
      tick();
      if (what) acts[what]();
    }, timing.ping);
  };
  const self: Watch = {
    _marks: marks,
    _start() {
      self._heard();
      self._stop();
      tick();
    },
    _stop() {
      env.clearTimeout(timer);
    },
    _heard() {
      marks._heard = env.now();
      marks._pinged = undefined;
    },
    _spoke() {
      marks._spoke = env.now();
    },
  };
  return self;
}
