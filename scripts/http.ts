// What the scripts that drive a running app (bench, weight, screenshots) do over plain HTTP.

/** Resolves once `base`/healthz answers, or fails after `seconds`. */
export async function waitForApp(base: string, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 5; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app did not start within ${seconds} s`);
}

/** The login form's CSRF cookie value and the token that goes with it. */
export async function loginForm(base: string): Promise<{ csrf: string; token: string }> {
  const page = await fetch(`${base}/login`);
  const csrf = /csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
  const token = /<meta name="csrf-token" content="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf || !token) throw new Error('no CSRF token on /login');
  return { csrf, token };
}

/** Logs in as a browser would and returns the cookies it then holds, and the CSRF token for its forms. */
export async function logInOverHttp(base: string, username: string, password: string): Promise<{ csrf: string; session: string; token: string }> {
  const { csrf, token } = await loginForm(base);
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrf=${csrf}` },
    body: new URLSearchParams({ username, password, _csrf: token }).toString(),
  });
  const session = /session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !session) throw new Error(`could not log in as ${username} (${res.status})`);
  // A CSRF token belongs to its session: the forms of the signed-in pages carry a new one.
  const page = await fetch(`${base}${res.headers.get('location') ?? '/'}`, { headers: { cookie: `session=${session}; csrf=${csrf}` } });
  const signedIn = /<meta name="csrf-token" content="([^"]+)"/.exec(await page.text())?.[1];
  if (!signedIn) throw new Error(`no CSRF token on ${username}'s first page`);
  return { csrf, session, token: signedIn };
}
