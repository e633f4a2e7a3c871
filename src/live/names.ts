// The names of live events (GET /events), made here only: the writes' effects (src/changes.ts)
// send them, the stream hub (src/live/hub.ts) and the templates (as `it.events`, app.locals)
// listen for them. A page's `sse-swap` / `hx-trigger="sse:…"` and what is published cannot drift.

export const EVENTS = {
  /** The conversation with account `otherId` changed (a line, a "seen" mark): the open chat gets its HTML. */
  chat: (otherId: number) => `chat-${otherId}` as const,
  /** The inbox's list or counts changed (the header's count follows as `unread`). */
  inbox: 'inbox',
  /** The header's unread count, as HTML. */
  unread: 'unread',
  /** A collaboration's history, deliverables or payment changed. */
  collaboration: (offerId: number) => `collaboration-${offerId}` as const,
  /** One of the sponsor's exports finished (ready or failed). */
  export: 'export',
  /** The account's sessions were revoked or it is gone: its streams check and close. */
  revoke: 'revoke',
  /** What happened meanwhile cannot be known: every live region asks again. */
  refresh: 'refresh',
  /** The stream is refused or ends: the page polls instead. */
  close: 'close',
  /** The stream is open (its data: `live` or `local`). */
  ready: 'ready',
} as const;

type Named<T> = T extends (...args: never[]) => infer R ? R : T;
export type EventName = Named<(typeof EVENTS)[keyof typeof EVENTS]>;
