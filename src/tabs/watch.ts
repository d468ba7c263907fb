import type { TabsEnv } from './env';
import type { Role } from './role';
import type { Timing } from './timing';

/** What the watch does at a tick: say this tab leads, ask the leader to answer, or take over from a silent one. */
export type Check = 'announce' | 'ping' | 'take-over' | undefined;

/** The times the watch goes by, in ms. */
export interface Marks {
  /** When this tab last heard the leader it follows (or joined, or stopped leading). */
  heard: number;
  /** When this tab last posted. */
  spoke: number;
  /** When this tab sent a ping that has not been answered yet. */
  pinged: number | undefined;
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
  if (role === 'leading') return now - marks.spoke >= timing.ping ? 'announce' : undefined;
  if (role !== 'following' && role !== 'joining') return undefined;
  if (marks.pinged === undefined) return now - marks.heard >= timing.ping / 2 ? 'ping' : undefined;
  return now - marks.heard >= timing.silence && now - marks.pinged >= timing.ping ? 'take-over' : undefined;
}

/** A tab's liveness watch: a tick every `ping` ms that does what {@link check} says. */
export class Watch {
  /** The times it goes by. */
  readonly marks: Marks = { heard: 0, spoke: 0, pinged: undefined };
  private _timer: unknown;

  private readonly _env: Pick<TabsEnv, 'now' | 'setTimeout' | 'clearTimeout'>;
  private readonly _timing: Pick<Timing, 'ping' | 'silence'>;
  private readonly _role: () => Role;
  private readonly _act: (check: Exclude<Check, undefined>) => void;

  /** Watch for the tab whose role `role` returns, doing what a tick calls for with `act`. */
  constructor(
    env: Pick<TabsEnv, 'now' | 'setTimeout' | 'clearTimeout'>,
    timing: Pick<Timing, 'ping' | 'silence'>,
    role: () => Role,
    act: (check: Exclude<Check, undefined>) => void,
  ) {
    this._env = env;
    this._timing = timing;
    this._role = role;
    this._act = act;
  }

  /** Start ticking, as if the leader had just been heard. */
  start(): void {
    this.heard();
    this.stop();
    this._tick();
  }

  stop(): void {
    this._env.clearTimeout(this._timer);
    this._timer = undefined;
  }

  /** The leader spoke: it is alive, and any ping is answered. */
  heard(): void {
    this.marks.heard = this._env.now();
    this.marks.pinged = undefined;
  }

  /** This tab posted. */
  spoke(): void {
    this.marks.spoke = this._env.now();
  }

  private _tick(): void {
    this._timer = this._env.setTimeout(() => {
      const now = this._env.now();
      const what = check(this._role(), now, this.marks, this._timing);
      if (what === 'ping') this.marks.pinged = now;
      this._tick();
      if (what) this._act(what);
    }, this._timing.ping);
  }
}
