// The Content-Security-Policy makes "nothing leaves the device" enforceable: even a script running in the
// page cannot send data to another host. Every other spec runs under the same policy (the preview server
// sends it; nothing bypasses it), so a policy that broke the app would fail them too.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../src/pwa/isolation-headers';

let elsewhere: Server;
let elsewhereURL = '';
const received: string[] = [];

// Another origin (another port) that would accept anything: it records what reaches it.
test.beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }).end('ok');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereURL = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => elsewhere.close(() => resolve())));

test('the page is served with the policy and cannot send data to another origin', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  // The policy holds from the page's first byte, loaded models or not (every other spec runs the loaded app
  // under it): the app only has to be up.
  await page.waitForFunction(() => 'earshot' in window);

  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  const outcome = await page.evaluate(async (target) => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    const fetched = await fetch(`${target}/fetch?text=secret`, { method: 'POST', body: 'secret', mode: 'no-cors' }).then(
      () => 'sent',
      (err: Error) => `blocked: ${err.name}`,
    );
    let beacon = 'blocked';
    try {
      beacon = navigator.sendBeacon(`${target}/beacon`, 'secret') ? 'queued' : 'refused';
    } catch {
      // a blocked beacon may throw
    }
    const image = await new Promise<string>((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('blocked');
      img.src = `${target}/pixel?text=secret`;
    });
    return { fetched, beacon, image };
  }, elsewhereURL);

  expect(outcome.fetched).toBe('blocked: TypeError');
  expect(outcome.image).toBe('blocked');
  await expect.poll(() => violations.filter((v) => v.startsWith('connect-src')).length).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(500); // time for a beacon that got out to arrive
  expect(received).toEqual([]);
  console.log(`blocked: fetch (${outcome.fetched}), sendBeacon (${outcome.beacon}), image; violations: ${violations.join(', ')}`);
});

test('the built page carries the policy itself, for hosts that cannot send headers', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  // The same policy, less frame-ancestors, which only a header can carry.
  expect(meta).toBe(
    CONTENT_SECURITY_POLICY.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; '),
  );
});
