// Tests that must FAIL: a user's tests that forgot a handler. scripts/compat.mjs runs this folder on its own (the main
// run leaves it out) and checks that each test failed with the setup file's "No request handler for GET …", on msw 2
// and on msw 3, rather than passing, or failing only by a timeout while the EventSource keeps reconnecting.
import { fireEvent, render, screen } from '@testing-library/react';
import { useEventSource } from 'react-sse-kit';
import { expect, test } from 'vitest';
import { Import } from '../Import';

function Status() {
  const { status } = useEventSource('/api/unmocked-status');
  return <p>{status}</p>;
}

// Without the setup's check this test passes: the stream is only ever `connecting` or `reconnecting`.
test('a stream with no handler, in a test that waits for nothing', async () => {
  render(<Status />);
  expect(await screen.findByText(/connecting/)).toBeTruthy();
});

// Without the check this fails only with "Unable to find an element with the text: Process complete".
test('a stream with no handler, in a test that waits for its data', async () => {
  render(<Import />);
  fireEvent.click(screen.getByRole('button', { name: 'Start Long Task' }));
  await screen.findByText('Process complete');
});

test('a fetch with no handler never reaches the network', async () => {
  const error = await fetch('/api/unmocked-fetch').then(
    () => undefined,
    (reason: unknown) => reason,
  );
  // msw 3 rejects with a TypeError whose cause is MSW's; msw 2 with MSW's own error.
  expect(String((error as Error | undefined)?.cause ?? error)).toMatch(/\[MSW\]/);
});
