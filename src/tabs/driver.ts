// Loaded on first use of `share: 'tabs'` (see acquire.ts), so this chunk imports nothing of the main bundle at run
// time: what it needs from there comes in `MemberDeps`.
import { browserEnv, type TabsEnv } from './env';
import type { HubDriver, TabsHub } from './hub';
import type { MemberDeps } from './leader';
import { type Member, membership } from './member';
import { TIMING } from './timing';

export type { MemberDeps } from './leader';

/** A hub's driver: its member, which follows the page lifecycle until the last hook of the tab leaves. */
export interface Driver extends HubDriver {
  readonly member: Member;
}

/**
 * Join the tabs' group of `hub`'s key: the hub's driver from now on. The member suspends on `pagehide` and
 * `freeze`, so a page in the back-forward cache or frozen holds no lock and no connection, and joins again on
 * `pageshow` and `resume`.
 */
export function join(hub: TabsHub, deps: MemberDeps, env: TabsEnv = browserEnv(), timing = TIMING): Driver {
  const member = membership(hub, deps, env, timing);
  const suspend = (): void => member.suspend();
  const offPage = [
    env.on('pagehide', suspend),
    env.on('freeze', suspend),
    env.on('pageshow', (event) => (event as PageTransitionEvent).persisted && member.join()),
    env.on('resume', () => member.join()),
  ];
  member.join();
  return {
    member,
    // The leader listens to the event types of every tab; a follower tells the leader its own.
    types: () => (member._leader ? member._leader._sync() : member._hello()),
    open: () => (member._leader ? member._leader._open(false) : member._post({ type: 'open' })),
    leave() {
      member.suspend();
      for (const off of offPage) off();
    },
  };
}
