// A user's write is never lost to the worker's: while another process plans the monthly reports
// and the reminders for every account of the bench data set (what the worker does on the 1st and
// each evening), follows and unfollows sent through HTTP at 20 a second all succeed. On SQLite the
// two processes share one file lock (this is where it used to answer 500 "database is locked").
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BENCH_PASSWORD, benchIds, buildBenchData } from '../../scripts/bench-data';
import { browser, createTestApp, logIn, type TestApp } from '../support/app';
import { postForm } from '../support/factories';

let t: TestApp;
const scale = 0.2;
before(async () => {
  t = await createTestApp({ LOG_LEVEL: 'error' });
  await buildBenchData(t.ctx.db, scale);
});
after(() => t?.close());

describe('planning the month while people write', () => {
  it('answers every follow and unfollow, none with a 5xx', async () => {
    const ids = benchIds(scale);
    const fan = browser(t);
    assert.equal((await logIn(fan, 'user1', BENCH_PASSWORD)).status, 303);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../support/plan-loop.ts'), t.databaseUrl, '3000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const statuses: number[] = [];
    const failures: string[] = [];
    const sent: Promise<void>[] = [];
    // Let the planner start, then write at 20 a second while it plans.
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (let i = 0; i < 50; i++) {
      const influencerId = ids.influencer(1 + (i % 25) + 100);
      const action = i < 25 ? 'follow' : 'unfollow';
      const answered = postForm(fan, `/influencers/${influencerId}/${action}`).then((res) => {
        statuses.push(res.status);
        if (res.status !== 303) failures.push(`${action} ${influencerId}: ${res.status} ${res.text.slice(0, 300)}`);
      });
      sent.push(answered);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(sent);
    assert.equal(await exited, 0);
    assert.ok(Number(printed.trim()) >= 2, `the planner planned (${printed.trim()})`);
    assert.deepEqual(failures, []);
    assert.equal(statuses.length, 50);
  });
});
