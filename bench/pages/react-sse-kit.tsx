// react-sse-kit's useEventSource, built from src/ with React's production build.
import { useLayoutEffect } from 'react';
import { useEventSource } from '../../src';
import { reactBenchPage } from './reactPage';

window.bench = reactBenchPage({
  Flood({ url, meter, commit, heartbeatTimeout, transport }) {
    const { data } = useEventSource(url, {
      commit,
      heartbeatTimeout,
      transport,
      onMessage: (message) => meter.event(message.data),
    });
    useLayoutEffect(() => meter.committed(data));
    return <p>{data}</p>;
  },
  Subscriber({ url, share, index, reached }) {
    const { status, data } = useEventSource(url, { share });
    useLayoutEffect(() => {
      if (status === 'open' && data !== undefined) reached.add(index);
    });
    return <p>{data}</p>;
  },
  SharedFlood({ url, index, meter, commit }) {
    const { data } = useEventSource(url, {
      share: true,
      onMessage: index === 0 ? (message) => meter.event(message.data) : undefined,
    });
    useLayoutEffect(() => commit(data));
    return <p>{data}</p>;
  },
  Cycle({ url }) {
    const { status } = useEventSource(url);
    return <p>{status}</p>;
  },
});
