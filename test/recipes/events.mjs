// The event store of the server recipe (resume-server.mjs): five events, ids 1 to 5.
const events = [1, 2, 3, 4, 5].map((n) => ({ id: String(n), data: { n } }));

/** The events after `last` (all of them when it is null), oldest first. */
export const eventsAfter = (last) => events.filter((event) => Number(event.id) > Number(last ?? 0));
