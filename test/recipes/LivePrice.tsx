'use client';
// Recipe: a Next.js (App Router) client component. The directive makes it a client component; a server
// component page renders it to HTML without opening a stream, and the browser connects after hydration.
import { useEventSource } from '../../src';

export function LivePrice({ symbol }: { symbol: string }) {
  const { status, data } = useEventSource<{ price: number }>(`/api/prices/${symbol}`, { parse: 'json' });
  return (
    <p>
      {symbol}: {status === 'open' && data ? data.price.toFixed(2) : '…'}
    </p>
  );
}
