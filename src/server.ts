// Starts the web process: listen, and shut down gracefully (finish requests, close connections).
import type { Server } from 'node:http';
import { createApp } from './app';
import { closeContext, type AppContext } from './context';

export function startServer(ctx: AppContext, port = ctx.config.port): Promise<Server> {
  const app = createApp(ctx);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

/** Stops taking requests, lets running ones finish (up to `graceMs`), then closes the context. */
export function shutdownOnSignals(ctx: AppContext, server: Server, { graceMs = 10_000, beforeExit }: { graceMs?: number; beforeExit?: () => Promise<void> } = {}): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info(`${signal} received: finishing requests and shutting down`);
    // Live streams never finish by themselves: end them, and browsers reconnect elsewhere.
    ctx.live.close();
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      Promise.resolve(beforeExit?.())
        .catch(() => undefined)
        .then(() => closeContext(ctx))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
