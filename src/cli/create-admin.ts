// `npm run create-admin -- --username NAME --email ADDRESS [--phone NUMBER]`
// Asks for the password (or takes ADMIN_PASSWORD). Admin accounts are never made by sign-up.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { hashPassword } from '../auth/passwords';
import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db';
import { createStore } from '../changes';
import { usersService } from '../services/users';
import { account as accountSchema } from '../validation/auth';
import { fieldErrors } from '../validation/form';

function askHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    // Echo the question but not what is typed.
    const muted = rl as unknown as { _writeToOutput: (s: string) => void };
    muted._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stdout.write(question);
    };
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (process.stdin.isTTY) process.stdout.write('\n');
      resolve(answer);
    }),
  );
}

async function main() {
  const { values: args } = parseArgs({
    options: { username: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } },
  });
  const config = loadConfig();
  const password = config.adminPassword ?? (await askHidden('Password for the new admin (12–128 characters): '));
  const account = {
    username: (args.username ?? '').trim(),
    email: (args.email ?? '').trim().toLowerCase(),
    phone: (args.phone ?? '+00 000 000').trim(),
    password,
  };
  const checked = accountSchema.safeParse(account);
  if (!checked.success) {
    console.error('Usage: npm run create-admin -- --username NAME --email ADDRESS [--phone NUMBER]');
    for (const message of Object.values(fieldErrors(checked.error))) console.error(`  ${message}`);
    process.exit(2);
  }
  const db = createDb(config.databaseUrl, config.sqlite);
  try {
    await migrateLatest(db);
    const users = usersService(createStore(db));
    const taken = await users.taken(account.username, account.email);
    if (taken.username || taken.email) {
      console.error(`An account with that ${taken.username ? 'username' : 'email'} already exists.`);
      process.exit(1);
    }
    const id = await users.create({ ...account, role: 'admin', passwordHash: await hashPassword(password) });
    console.log(`Admin "${account.username.toLowerCase()}" created (id ${id}). Log in at /login.`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error('Could not create the admin:', err instanceof Error ? err.message : err);
  process.exit(1);
});
