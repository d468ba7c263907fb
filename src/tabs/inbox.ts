import { compareTerms } from './election';
import type { TabsHub } from './hub';
import type { Member } from './member';
import type { Message } from './protocol';

/**
 * What a message from another tab means to `member`, in whatever role it has: the peers it keeps, what its leader
 * answers, and the transitions a leader's word calls for.
 */
export function receive(member: Member, message: Message, hub: TabsHub): void {
  const leader = member._leader;
  switch (message.type) {
    case 'hello':
      member._peers.set(message.from, message.types);
      leader?._sync();
      leader?._announce();
      break;
    case 'leave':
      member._peers.delete(message.from);
      leader?._sync();
      break;
    case 'ping':
      leader?._announce();
      break;
    case 'open': {
      const { status } = hub.getState();
      if (status === 'failed' || status === 'closed') leader?._open(false);
      break;
    }
    case 'claim':
      if (leader) leader._announce();
      else member._election?._hear(message);
      break;
    case 'lead': {
      const order = member._term ? compareTerms(message, member._term) : 1;
      // A leader of an older term (one that was frozen and woke up): the leader tells it who leads now.
      if (order < 0) {
        leader?._announce();
        return;
      }
      // A newer leader: this tab's lock was stolen, or, without Web Locks, two leaders met. (A tab awaiting the
      // goodbye of the term it follows stays awaiting: this is the last batch it waits for.)
      if (order > 0) member.stepDown();
      member.follow(message);
      member._election?._hear(message);
      for (const item of message.items) member._view._apply(item);
      member._view._state(message.state, message.lastEventId);
      break;
    }
    case 'bye': {
      member._peers.delete(message.from);
      const term = member._term;
      // Only the goodbye of the leader followed counts, and a tab that leads follows nobody.
      if (leader || !term || message.from !== term.from || message.epoch !== term.epoch) return;
      member._watch._heard();
      member._view._bye(message.lastEventId);
      if (member.role === 'awaiting-bye') member.lead();
      else member._election?._hear(message);
      break;
    }
  }
}
