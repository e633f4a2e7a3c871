// A live-events stream (GET /events) read as a browser's EventSource would: the app listens on a
// port of its own, and each event is parsed from the text/event-stream body.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './app';

export interface StreamEvent {
  id?: string;
  event: string;
  data: string;
}

export interface EventStream {
  status: number;
  contentType: string;
  events: StreamEvent[];
  /** Comment lines (heartbeats) received. */
  comments: number;
  /** The first event named `name` not yet returned by an earlier call (waits up to `ms`). */
  next(name: string, ms?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

const servers = new WeakMap<TestApp, Promise<string>>();

/** The base URL of `t`'s app listening on a free port (one server per app, closed with it). */
export function listening(t: TestApp): Promise<string> {
  let base = servers.get(t);
  if (!base) {
    base = new Promise((resolve) => {
      const server = http.createServer(t.app).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      const close = t.close.bind(t);
      t.close = async () => {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
        await close();
      };
    });
    servers.set(t, base);
  }
  return base;
}

/** Opens `path` (GET /events) with the session cookie `session`, and optional Last-Event-ID. */
export async function openStream(t: TestApp, session: string | null, { path = '/events', lastEventId }: { path?: string; lastEventId?: string } = {}): Promise<EventStream> {
  const base = await listening(t);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (session) headers.cookie = `session=${session}`;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const req = http.get(`${base}${path}`, { headers }, (res) => {
      const events: StreamEvent[] = [];
      const waiters: (() => void)[] = [];
      // Events already handed out by next(): each is found once.
      const taken = new Set<number>();
      let buffer = '';
      let comments = 0;
      let endedResolve: () => void;
      const ended = new Promise<void>((r) => (endedResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: StreamEvent = { event: 'message', data: '' };
          let any = false;
          // Lines end at CR, LF or CRLF, as in a browser's EventSource.
          for (const line of block.split(/\r\n|\r|\n/)) {
            if (line.startsWith(':')) comments += 1;
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) {
              event.event = line.slice(7);
              any = true;
            } else if (line.startsWith('data: ')) {
              event.data = any && event.data !== '' ? `${event.data}\n${line.slice(6)}` : line.slice(6);
              any = true;
            }
          }
          if (any) events.push(event);
          stream.comments = comments;
          for (const wake of waiters.splice(0)) wake();
        }
      });
      res.on('end', () => endedResolve());
      res.on('close', () => endedResolve());
      const stream: EventStream = {
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? ''),
        events,
        comments,
        ended,
        next(name, ms = 3000) {
          return new Promise((found, fail) => {
            const look = () => {
              const index = events.findIndex((e, i) => e.event === name && !taken.has(i));
              if (index !== -1) {
                taken.add(index);
                clearTimeout(timer);
                return found(events[index]!);
              }
              waiters.push(look);
            };
            const timer = setTimeout(() => fail(new Error(`no "${name}" event within ${ms} ms; got ${events.map((e) => e.event).join(', ') || 'nothing'}`)), ms);
            look();
          });
        },
        close() {
          req.destroy();
        },
      };
      resolve(stream);
    });
    req.on('error', reject);
  });
}

/** A stream past its `ready` event: what a page has once it stops polling. */
export async function openReady(t: TestApp, session: string | null, options: { path?: string; lastEventId?: string } = {}): Promise<EventStream> {
  const stream = await openStream(t, session, options);
  await stream.next('ready');
  return stream;
}

/** The session cookie an agent (a supertest browser) holds. */
export function sessionOf(agent: object): string {
  const jar = (agent as { jar: { getCookies(access: { domain: string; path: string; secure: boolean; script: boolean }): { name: string; value: string }[] } }).jar;
  const cookie = jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false }).find((c) => c.name === 'session');
  if (!cookie) throw new Error('the agent is not signed in');
  return cookie.value;
}
