'use client';
// Recipe (docs/recipes.md, "Next.js (App Router)"): the directive makes this a client component; a server component
// page (page.tsx) renders it to HTML without opening a stream, and the browser connects after hydration.
import { useEventSource } from '../../src';

export function LivePrice({ symbol }: { symbol: string }) {
  const { status, data } = useEventSource<{ price: number }>(`/api/prices/${symbol}`, { parse: 'json' });
  return (
    <p>
      {symbol}: {status === 'open' && data ? data.price.toFixed(2) : '…'}
    </p>
  );
}
