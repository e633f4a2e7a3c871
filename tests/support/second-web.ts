// Another web process on a test app's database and Redis keys (tests/support/app.ts's
// `secondProcess`): what it answers comes from its own memory cache and connections, as a second
// machine's would. Prints the port it listens on; stops when its parent closes its stdin.
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { closeContext, createContext } from '../../src/context';

const ctx = createContext(loadConfig(process.env));
const server = createApp(ctx).listen(0, '127.0.0.1', () => {
  console.log(`port ${(server.address() as AddressInfo).port}`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.close();
  void closeContext(ctx).finally(() => process.exit(0));
});
