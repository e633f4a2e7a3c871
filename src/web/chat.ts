// What a chat shows, for its page (routes/inbox.ts) and its live updates (routes/events.ts).
import type { AppContext } from '../context';
import type { Viewer } from '../domain';
import type { Counterpart } from '../services/messages';
import { canAnswer } from '../services/offers';

/** The chat's data for `me`, as its page and its live updates (GET /events) show it. */
export async function chatData(ctx: AppContext, me: Viewer, counterpart: Counterpart, before: number | null = null) {
  const chat = await ctx.services.messages.open(me, counterpart.id, before);
  // Each offer says whether I may answer it, by the offers service's rule.
  const messages = chat.messages.map((m) => (m.offer ? { ...m, offer: { ...m.offer, canAnswer: canAnswer(me, m.offer, counterpart) } } : m));
  return { meId: me.id, counterpart, version: chat.version, messages, earlier: chat.earlier, before };
}
