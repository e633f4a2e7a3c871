// `WEB_CONCURRENCY=2 npm start`: two web processes share the port beside one worker, every request
// is answered, and SIGTERM stops them all.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const dir = mkdtempSync(path.join(tmpdir(), 'influence-cluster-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The command lines of the processes `pid` started. */
function childrenOf(pid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim());
  } catch {
    return [];
  }
}

describe('npm start with WEB_CONCURRENCY=2', () => {
  it('runs two web processes and a worker, serves every request, and stops on SIGTERM', async () => {
    const port = 4900 + Math.floor(Math.random() * 90);
    const app = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dir,
        DATABASE_URL: '',
        WEB_CONCURRENCY: '2',
        LOG_LEVEL: 'warn',
        QUEUE_PREFIX: `cluster-${process.pid}`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    app.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => app.once('exit', resolve));
    try {
      for (let i = 0; i < 150 && !out.includes('is running'); i++) await new Promise((r) => setTimeout(r, 200));
      assert.match(out, new RegExp(`running at http://localhost:${port} \\(2 web processes\\)`));
      // Two web processes and the worker.
      const children = childrenOf(app.pid!);
      assert.equal(children.filter((args) => args.includes('start.ts')).length, 2, children.join('\n'));
      assert.equal(children.filter((args) => args.includes('worker.ts')).length, 1, children.join('\n'));
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/login`).then((r) => r.status)));
      assert.deepEqual([...new Set(answers)], [200]);
    } finally {
      app.kill('SIGTERM');
    }
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    assert.equal(code, 0);
  });
});
