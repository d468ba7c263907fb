// The README's quick start, verbatim but for the import path (test/recipes/quick-start.test.tsx runs it).
import { useEventSource } from '../../src';

type Price = { symbol: string; price: number };

export function Ticker() {
  const { status, data, error } = useEventSource<Price>('/api/prices', {
    parse: 'json', // a non-string type needs parse: 'json' or a parse function
    events: ['price'], // named events, as well as `message`
  });

  if (status === 'unsupported') return <p>Your browser doesn't support server-sent events.</p>;
  if (status === 'failed') return <p role="alert">{error?.message}</p>;
  return (
    <p>
      {data ? `${data.symbol}: ${data.price}` : 'Waiting for the first price…'}
      {status === 'reconnecting' ? <small> (reconnecting…)</small> : null}
    </p>
  );
}
