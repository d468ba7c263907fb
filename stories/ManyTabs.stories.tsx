import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ManyTabs } from './ManyTabs';
import { mockServer } from './support/msw';
import { tabsStream } from './tabsStream';

interface Args {
  /** How many frames (tabs) the demo opens with. */
  frames: number;
  /** Milliseconds between the mocked server's ticks. */
  interval: number;
}

const server = mockServer((args: Args) => ({ clock: tabsStream(args.interval) }));

const meta = {
  title: 'Demos/Many tabs, one connection',
  args: { frames: 3, interval: 400 },
  argTypes: {
    frames: { control: { type: 'range', min: 1, max: 6, step: 1 }, description: 'Frames (tabs) to start with' },
    interval: {
      control: { type: 'range', min: 100, max: 2000, step: 100 },
      description: 'Milliseconds between ticks of the mocked server',
    },
  },
  loaders: [server.loader],
  render: (args, context) => <ManyTabs frames={args.frames} server={server.get(context).clock} />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const frames = (root: HTMLElement): HTMLIFrameElement[] => [...root.querySelectorAll('iframe')];
const roleOf = (frame: HTMLIFrameElement): string | null | undefined =>
  frame.contentDocument?.querySelector('[data-role]')?.getAttribute('data-role');
/** The ids in a frame's list of received events, oldest first. */
const idsOf = (frame: HTMLIFrameElement): number[] =>
  [...(frame.contentDocument?.querySelectorAll('ol li') ?? [])].map((li) =>
    Number(li.textContent?.replace('tick ', '')),
  );
const consecutive = (ids: number[]): boolean => ids.every((id, i) => i === 0 || id === (ids[i - 1] as number) + 1);

/**
 * Three frames of this page, each a tab of its own (its own React and react-sse-kit), use
 * `useEventSource(url, { share: 'tabs' })`. One leads: it holds the only connection and relays every tick to the
 * others. Close the leader's frame: another takes over at once and resumes from the last id, so the ticks go on
 * without a gap in every frame left, and the server still has one connection.
 */
export const ThreeTabs: Story = {
  name: 'Three tabs share one connection',
  play: async ({ canvasElement, loaded }) => {
    const clock = server.get({ loaded }).clock;
    const canvas = within(canvasElement);
    const roles = () => frames(canvasElement).map(roleOf);
    await waitFor(
      () => {
        expect(roles().filter((role) => role === 'leader')).toHaveLength(1);
        expect(roles().filter((role) => role === 'follower')).toHaveLength(2);
        for (const frame of frames(canvasElement)) expect(idsOf(frame).length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 15_000 },
    );
    expect(clock.requests).toHaveLength(1);
    expect(clock.openConnections).toBe(1);
    const leader = frames(canvasElement).find((frame) => roleOf(frame) === 'leader') as HTMLIFrameElement;
    const last = Math.max(...frames(canvasElement).map((frame) => idsOf(frame).at(-1) ?? 0));

    await userEvent.click(canvas.getByRole('button', { name: `Close ${leader.title}` }));
    expect(frames(canvasElement)).toHaveLength(2);
    // A follower takes over: one leader again, and the ticks go on, one after the other, in both frames.
    await waitFor(() => {
      expect(roles().filter((role) => role === 'leader')).toHaveLength(1);
      for (const frame of frames(canvasElement)) {
        const ids = idsOf(frame);
        expect(ids.at(-1)).toBeGreaterThan(last + 2);
        expect(consecutive(ids)).toBe(true);
      }
    });
    for (const frame of frames(canvasElement)) {
      const status = within(frame.contentDocument?.body as HTMLElement).getByRole('status');
      expect(status).toHaveTextContent('Status: open');
    }
    // The new leader's request resumed after the last id; the old one was closed.
    expect(clock.requests).toHaveLength(2);
    expect(Number(new URL(clock.requests[1]?.url ?? '').searchParams.get('lastEventId'))).toBeGreaterThanOrEqual(last);
    await waitFor(() => expect(clock.openConnections).toBe(1));
  },
};
