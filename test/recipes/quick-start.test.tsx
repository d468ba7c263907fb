// The README's quick start: the Ticker component (Ticker.tsx, the README's code block) against a mocked stream.
import { render, screen } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';
import { Ticker } from './Ticker';

test('shows the latest price, from named and unnamed events', async () => {
  server.use(
    scriptedStream('/api/prices', [
      { event: 'price', data: { symbol: 'ACME', price: 12.5 } },
      { wait: 10 },
      { data: { symbol: 'ACME', price: 12.75 } },
      { wait: 60_000 },
    ]),
  );
  render(<Ticker />);
  expect(screen.getByText('Waiting for the first price…')).toBeTruthy();
  expect(await screen.findByText('ACME: 12.75')).toBeTruthy();
});

test('shows a failed stream as an alert', async () => {
  server.use(scriptedStream('/api/prices', [], { status: 500 }));
  render(<Ticker />);
  expect((await screen.findByRole('alert')).textContent).toMatch(/^The stream failed/);
});

test('says so where there is no EventSource', async () => {
  vi.stubGlobal('EventSource', undefined);
  render(<Ticker />);
  expect(await screen.findByText("Your browser doesn't support server-sent events.")).toBeTruthy();
});
