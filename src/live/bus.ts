// Live events: "something of yours changed" notes addressed to an account (a conversation, the
// inbox, a collaboration, an export), delivered to the pages it holds open (GET /events).
//
// A note reaches this process's listeners at once and, over Redis pub/sub, every other web
// process. Each process keeps the notes it saw in a ring, numbered in the order it saw them, so a
// stream that drops and comes back to the same process with `Last-Event-ID` gets what it missed;
// one that comes back elsewhere, or after the ring has moved on, is told to refetch instead.
// Notes carry no content: pages fetch what changed through the usual routes and their rules.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import type { RedisClient } from '../redis';
import { EVENTS } from './names';

/** An account's pages to tell about `names` (a conversation `chat-<other id>`, `inbox`, …). */
export interface LiveNote {
  to: number;
  names: readonly string[];
}

export interface LiveEvent {
  /** `<process>-<position>`: where this process saw it, the stream's `id:` line. */
  id: string;
  to: number;
  name: string;
}

export type LiveListener = (event: LiveEvent) => void;

export interface Live {
  /** Tells the addressees' pages, here and (through Redis) in every other process. Never throws. */
  publish(notes: readonly LiveNote[]): void;
  /** Starts taking other processes' events (a web process, before its first stream). */
  listen(): void;
  /** Calls `listener` with each event for `accountId` until the returned function is called. */
  subscribe(accountId: number, listener: LiveListener): () => void;
  /** The id a stream starts from: the position of the last event this process has seen. */
  position(): string;
  /** The account's events after `lastId`, or null when they cannot be known (the page refetches). */
  since(accountId: number, lastId: string): LiveEvent[] | null;
  /** Whether events from other processes reach this one (Redis pub/sub is subscribed). */
  shared(): boolean;
  /** Runs `fn` when the process shuts down (open streams end, so the server can close). */
  onClose(fn: () => void): void;
  close(): void;
}

const RING_SIZE = 10_000;

interface Wire {
  origin: string;
  notes: readonly LiveNote[];
}

export function createLive(redis: RedisClient | null, log: Logger, prefix: string): Live {
  const origin = randomBytes(4).toString('hex');
  const channel = `${prefix}:live`;
  const listeners = new Map<number, Set<LiveListener>>();
  // The ring: the last RING_SIZE events in the order this process saw them; `seen` counts them all.
  const ring: LiveEvent[] = [];
  let seen = 0;
  let subscriber: RedisClient | null = null;
  let subscribed = false;
  let everSubscribed = false;
  const closers: (() => void)[] = [];

  function deliver(notes: readonly LiveNote[]) {
    for (const note of notes) {
      if (!Number.isSafeInteger(note.to) || !Array.isArray(note.names)) continue;
      for (const name of note.names) {
        if (typeof name !== 'string' || !/^[a-z0-9-]{1,40}$/.test(name)) continue;
        seen += 1;
        const event = { id: `${origin}-${seen}`, to: note.to, name };
        ring[seen % RING_SIZE] = event;
        for (const listener of listeners.get(note.to) ?? []) listener(event);
      }
    }
  }

  function listen() {
    if (subscriber || !redis) return;
    subscriber = redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    subscriber.on('error', () => {
      /* reported by the main client; ioredis resubscribes when it is back */
    });
    subscriber.on('close', () => {
      subscribed = false;
    });
    subscriber.on('ready', () => {
      subscriber!.subscribe(channel).then(
        () => {
          subscribed = true;
          // Back after an outage: what other processes published meanwhile never arrived.
          if (everSubscribed) deliver([...listeners.keys()].map((to) => ({ to, names: [EVENTS.refresh] })));
          everSubscribed = true;
        },
        (err: Error) => log.warn(`Live events: could not subscribe (${err.message}); pages poll`),
      );
    });
    subscriber.on('message', (_channel: string, raw: string) => {
      try {
        const wire = JSON.parse(raw) as Wire;
        if (wire.origin !== origin && Array.isArray(wire.notes)) deliver(wire.notes);
      } catch {
        /* not ours */
      }
    });
  }

  return {
    listen,
    publish(notes) {
      if (notes.length === 0) return;
      deliver(notes);
      if (redis && redis.status === 'ready') {
        redis.publish(channel, JSON.stringify({ origin, notes } satisfies Wire)).catch(() => {
          /* other processes' pages refetch when their streams come back, or poll */
        });
      }
    },
    subscribe(accountId, listener) {
      listen();
      let set = listeners.get(accountId);
      if (!set) listeners.set(accountId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(accountId);
      };
    },
    position: () => `${origin}-${seen}`,
    since(accountId, lastId) {
      const match = /^([0-9a-f]{8})-(\d{1,15})$/.exec(lastId);
      if (!match || match[1] !== origin) return null;
      const from = Number(match[2]);
      if (from > seen || from < seen - RING_SIZE + 1) return null;
      const missed: LiveEvent[] = [];
      for (let n = from + 1; n <= seen; n++) {
        const event = ring[n % RING_SIZE];
        if (event?.to === accountId) missed.push(event);
      }
      return missed;
    },
    shared: () => subscribed,
    onClose(fn) {
      closers.push(fn);
    },
    close() {
      for (const fn of closers.splice(0)) fn();
      listeners.clear();
      subscriber?.disconnect();
      subscriber = null;
      subscribed = false;
    },
  };
}
