// The live streams of GET /events, as server-sent events: each account's open pages hear the notes
// addressed to it (src/live/bus.ts), named by src/live/names.ts (a conversation, the inbox, a
// collaboration, an export). The page fetches what changed through the usual routes, except the
// open chat (`?chat=<id>`), which gets its HTML, and the header's unread count, which comes along
// as HTML too. Where a stream cannot be held (too many, or other processes' events cannot reach
// this one), the answer is one `close` event and the page polls as it does without live events.
import type { Application, Request, RequestHandler, Response } from 'express';
import { sessionHolds } from '../domain';
import type { AppContext } from '../context';
import type { Counterpart } from '../services/messages';
import type { SessionUser } from '../services/sessions';
import { parseId } from '../validation/form';
import { chatData } from '../web/chat';
import type { LiveEvent } from './bus';
import { EVENTS } from './names';

interface Stream {
  res: Response;
  user: SessionUser;
  tokenVersion: number;
  /** The chat the page shows (`?chat=<their id>`): its changes come as the chat's HTML. */
  chat: Counterpart | null;
  /** The page's CSRF field, for the forms in what the stream renders (answering an offer). */
  csrfField: string;
}

interface Account {
  streams: Set<Stream>;
  unsubscribe: () => void;
}

/** Reconnect after 5 s (the browser's own retry); a refused stream is not retried for 10 min. */
const RETRY_MS = 5000;
const REFUSED_RETRY_MS = 600_000;

/** The open streams of this process, by account, and what each event becomes for them. */
export function liveStreams(ctx: AppContext) {
  const { live, services, config, log } = ctx;
  const accounts = new Map<number, Account>();
  let open = 0;
  live.listen();

  const write = (stream: Stream, text: string) => {
    if (!stream.res.writableEnded) stream.res.write(text);
  };
  const eventText = (name: string, data: string, id?: string) =>
    // Every line break a browser's parser knows (CR too: text people typed may hold one) starts a
    // new data line, so nothing in the data can pass for a field of the event.
    `${id ? `id: ${id}\n` : ''}event: ${name}\n${data
      .split(/\r\n|\r|\n/)
      .map((line) => `data: ${line}`)
      .join('\n')}\n\n`;

  /** One event to one page: a note, or for the chat the page shows, the chat itself. */
  async function deliver(app: Application, stream: Stream, name: string, id?: string) {
    if (stream.chat && name === EVENTS.chat(stream.chat.id)) {
      const view = await chatData(ctx, stream.user, stream.chat);
      const html = await renderPartial(app, 'partials/chat-messages', { ...view, polled: true, csrfField: stream.csrfField });
      write(stream, eventText(name, html.trim(), id));
    } else {
      write(stream, eventText(name, '1', id));
    }
  }
  const failed = (err: Error) => log.warn(`Live events: ${err.message}`);

  function close(stream: Stream, reason: string) {
    write(stream, eventText(EVENTS.close, reason));
    stream.res.end();
  }

  /** The header's count, as the page shows it (one query, cached per inbox), to every stream of the account. */
  async function sendUnread(app: Application, accountId: number, to: Iterable<Stream>) {
    const count = await services.messages.unreadCount(accountId);
    const html = await renderPartial(app, 'partials/unread-count', { unread: count });
    for (const stream of to) write(stream, eventText(EVENTS.unread, html.replace(/\n/g, '')));
  }

  /** Closes the account's streams whose session is no longer good (logged out, suspended, deleted). */
  async function recheck(accountId: number) {
    const account = accounts.get(accountId);
    if (!account) return;
    const user = await services.sessions.findSessionUser(accountId);
    for (const stream of account.streams) {
      if (!sessionHolds(user, stream.tokenVersion)) close(stream, 'signed-out');
    }
  }

  function onEvent(app: Application, accountId: number) {
    return (event: LiveEvent) => {
      const account = accounts.get(accountId);
      if (!account) return;
      if (event.name === EVENTS.revoke) return void recheck(accountId).catch(failed);
      for (const stream of account.streams) deliver(app, stream, event.name, event.id).catch(failed);
      if (event.name === EVENTS.inbox || event.name === EVENTS.refresh) sendUnread(app, accountId, account.streams).catch(failed);
    };
  }

  // One timer for every stream: a comment line keeps proxies from timing an idle stream out, and
  // each account's session is checked again (in case a revocation's event was lost).
  const heartbeat = setInterval(() => {
    for (const [accountId, account] of accounts) {
      for (const stream of account.streams) write(stream, ':\n\n');
      recheck(accountId).catch(() => undefined);
    }
  }, config.liveHeartbeatSeconds * 1000);
  heartbeat.unref();
  live.onClose(() => {
    clearInterval(heartbeat);
    for (const account of accounts.values()) for (const stream of account.streams) stream.res.end();
  });

  const refusal = (req: Request, accountId: number): string | null => {
    if (open >= config.liveStreamsPerProcess) return 'busy';
    if ((accounts.get(accountId)?.streams.size ?? 0) >= config.liveStreamsPerAccount) return 'too-many-pages';
    // Several web processes and no Redis: events posted on another process would never arrive.
    if (config.webConcurrency > 1 && !live.shared()) return 'not-shared';
    if (req.get('Accept') && !req.accepts('text/event-stream')) return 'not-a-stream';
    return null;
  };

  const openStream: RequestHandler = async (req, res) => {
    const user = req.user!;
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx and similar proxies: pass each event on at once.
      'X-Accel-Buffering': 'no',
    });
    const refused = refusal(req, user.id);
    if (refused) {
      res.end(`retry: ${REFUSED_RETRY_MS}\n${eventText(EVENTS.close, refused)}`);
      return;
    }
    // Counted before anything is awaited, so that many streams opened at once cannot all pass the limits.
    const stream: Stream = { res, user, tokenVersion: user.tokenVersion, chat: null, csrfField: String(res.locals.csrfField ?? '') };
    let account = accounts.get(user.id);
    if (!account) {
      account = { streams: new Set(), unsubscribe: () => undefined };
      accounts.set(user.id, account);
      account.unsubscribe = live.subscribe(user.id, onEvent(req.app, user.id));
    }
    const held = account;
    held.streams.add(stream);
    open += 1;
    req.on('close', () => {
      open -= 1;
      held.streams.delete(stream);
      if (held.streams.size === 0 && accounts.get(user.id) === held) {
        held.unsubscribe();
        accounts.delete(user.id);
      }
    });

    const chatWith = parseId(req.query.chat);
    stream.chat = chatWith ? ((await services.messages.counterpart(user, chatWith)) ?? null) : null;
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    res.flushHeaders();

    // Where the page left off: the browser's Last-Event-ID after a drop, or the position the page
    // was rendered at. What came since is sent; when that cannot be known, the page refetches.
    const from = req.get('Last-Event-ID') ?? (typeof req.query.from === 'string' ? req.query.from : '');
    const position = live.position();
    const missed = from ? live.since(user.id, from) : [];
    write(stream, `retry: ${RETRY_MS}\n`);
    if (missed === null) write(stream, eventText(EVENTS.refresh, '1'));
    else for (const name of new Set(missed.map((e) => e.name))) if (name !== EVENTS.revoke) await deliver(req.app, stream, name);
    // `live`: this stream hears every process (the worker's exports too); `local`: only this one's.
    write(stream, eventText(EVENTS.ready, live.shared() ? 'live' : 'local', position));
    if (missed === null || missed.some((e) => e.name === EVENTS.inbox)) await sendUnread(req.app, user.id, [stream]);
  };

  return { open: openStream };
}

function renderPartial(app: Application, view: string, data: object): Promise<string> {
  return new Promise((resolve, reject) => app.render(view, data, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? ''))));
}
