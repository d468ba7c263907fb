// react-use-websocket's useEventSource (the most used peer), with React's production build.
import { useLayoutEffect } from 'react';
import { useEventSource } from 'react-use-websocket';
import { reactBenchPage } from './reactPage';

window.bench = reactBenchPage({
  // `commit` does not exist in the peer: it sets state (in flushSync) for every event.
  Flood({ url, meter }) {
    const { lastEvent } = useEventSource(url, {
      onMessage: (event: MessageEvent<string>) => meter.event(event.data),
    });
    const data = lastEvent?.data as string | undefined;
    useLayoutEffect(() => meter.committed(data));
    return <p>{data}</p>;
  },
  Subscriber({ url, share, index, reached }) {
    const { readyState, lastEvent } = useEventSource(url, { share });
    useLayoutEffect(() => {
      if (readyState === 1 && lastEvent) reached.add(index);
    });
    return <p>{lastEvent?.data as string | undefined}</p>;
  },
  Cycle({ url }) {
    const { readyState } = useEventSource(url);
    return <p>{readyState}</p>;
  },
});
