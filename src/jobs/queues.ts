// bee-queue queues. bee-queue keeps its own Redis client (node_redis); ioredis serves the cache.
import Queue from 'bee-queue';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { QUEUES, type QueueName } from '../services/outbox';

export type Queues = Record<QueueName, Queue>;

export function createQueues(config: Config, log: Logger, { isWorker }: { isWorker: boolean }): Queues {
  const queues = {} as Queues;
  for (const name of QUEUES) {
    const queue = new Queue(name, {
      prefix: config.redisPrefix,
      redis: { url: config.redisUrl } as never,
      isWorker,
      getEvents: false,
      sendEvents: false,
      removeOnSuccess: true,
      activateDelayedJobs: isWorker,
      // A job whose worker died is handed to another after this long.
      stallInterval: 5000,
    });
    let down = false;
    queue.on('error', (err) => {
      if (!down) log.warn(`queue ${name}: ${err.message}`);
      down = true;
    });
    queue.on('ready', () => {
      down = false;
    });
    queues[name] = queue;
  }
  return queues;
}

export async function closeQueues(queues: Queues, timeoutMs = 5000): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close(timeoutMs).catch(() => undefined)));
}
