import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { verifyPassword } from '../../src/auth/passwords';
import { createDb } from '../../src/db';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'influence-admin-'));
const databaseUrl = `sqlite:${path.join(dir, 'app.db')}`;
after(() => rmSync(dir, { recursive: true, force: true }));

function createAdmin(args: string[], password: string) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/create-admin.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dir, ADMIN_PASSWORD: password, LOG_LEVEL: 'silent' },
  });
}

describe('npm run create-admin', () => {
  it('creates an admin who can log in with ADMIN_PASSWORD', async () => {
    const { stdout } = await createAdmin(['--username', 'Chief', '--email', 'chief@example.com'], 'a long admin password');
    assert.match(stdout, /Admin "chief" created/);
    const db = createDb(databaseUrl);
    try {
      const row = await db('users').where({ username: 'chief' }).first();
      assert.equal(row.role, 'admin');
      assert.equal(row.status, 'active');
      assert.ok(await verifyPassword(row.password_hash, 'a long admin password'));
    } finally {
      await db.destroy();
    }
  });

  it('refuses a short or guessable password or a taken name, creating nothing', async () => {
    await assert.rejects(createAdmin(['--username', 'deputy', '--email', 'd@example.com'], 'short'), (err: { stderr: string; code: number }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr, /at least 12 characters/);
      return true;
    });
    for (const [weak, why] of [['password1234', /too easy to guess/], ['deputy-admin-2026', /must not contain your username/]] as const) {
      await assert.rejects(createAdmin(['--username', 'deputy', '--email', 'd@example.com'], weak), (err: { stderr: string; code: number }) => {
        assert.equal(err.code, 2);
        assert.match(err.stderr, why);
        return true;
      });
    }
    await assert.rejects(createAdmin(['--username', 'chief', '--email', 'other@example.com'], 'a long admin password'), /already exists/);
    const db = createDb(databaseUrl);
    try {
      assert.equal(Number((await db('users').count({ n: '*' }).first())?.n), 1);
    } finally {
      await db.destroy();
    }
  });
});
