/**
 * `url` with `param=<id>` in its query string: added, or replacing every earlier value of `param`, with the other
 * params and the fragment kept as they were. Works on absolute and relative URLs alike (no base needed), so it is
 * a pure string function. This is how a connection that the library opens itself resumes: a native EventSource
 * cannot send `Last-Event-ID` on a request it did not make, so the id goes in the query, where Mercure
 * (`lastEventID`), better-sse and the Yaffle polyfill (`lastEventId`) read it.
 */
export function withLastEventId(url: string, param: string, id: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt < 0 ? '' : url.slice(hashAt);
  const rest = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = rest.indexOf('?');
  const pairs = queryAt < 0 ? [] : rest.slice(queryAt + 1).split('&');
  const kept = pairs.filter((pair) => pair !== '' && decodeName(pair) !== param);
  kept.push(`${encodeURIComponent(param)}=${encodeURIComponent(id)}`);
  return `${queryAt < 0 ? rest : rest.slice(0, queryAt)}?${kept.join('&')}${hash}`;
}

const decodeName = (pair: string): string => {
  const name = pair.split('=', 1)[0] as string;
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name; // a malformed escape is some other param: keep it
  }
};
