// Node's http
import { createServer } from 'node:http';
import { eventsAfter } from './events.mjs'; // your event store: the events after an id, oldest first

createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const last = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId'); // header, then the param
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no', // nginx: pass each event on at once (docs/proxies.md)
  });
  res.write('retry: 2000\n\n');
  for (const event of eventsAfter(last)) res.write(`id: ${event.id}\ndata: ${JSON.stringify(event.data)}\n\n`);
  const heartbeat = setInterval(() => res.write('event: heartbeat\ndata:\n\n'), 15_000);
  req.on('close', () => clearInterval(heartbeat));
}).listen(process.env.PORT ?? 3000);
