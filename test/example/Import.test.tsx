// The first test of docs/testing.md, verbatim but for the import paths (our setup file is
// test/setup.ts and our server lives in test/server.ts).
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { progressStream } from '../../src/testing';
import { server } from '../server';
import { Import } from './Import';

test('imports to the end, in one request', async () => {
  const task = progressStream('/api/import', { steps: 10, interval: 5 });
  server.use(task);

  render(<Import />);
  fireEvent.click(screen.getByRole('button', { name: 'Start Long Task' }));

  await screen.findByText('Process complete');
  expect(screen.getByText(/100%/)).toBeTruthy();
  expect(task.requests).toHaveLength(1); // what the server saw
  await waitFor(() => expect(task.openConnections).toBe(0));
});
