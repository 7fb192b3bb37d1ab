// Earshot's automation contract (README "Testing") through plain W3C WebDriver, for browsers Playwright
// does not drive. Failures come back as errors that say what happened, including a crashed page process.
import { By, type WebDriver } from 'selenium-webdriver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The page (WebKit's WebProcess) is gone: every later command fails, so the test says so at once. */
export class PageCrashedError extends Error {
  override name = 'PageCrashedError';
}

/** True when a WebDriver error means the page's process died rather than the script failing. */
export function isPageCrash(err: unknown, driverLog: string): boolean {
  const message = String((err as Error)?.message ?? err);
  return /web ?process (crashed|terminated)|session deleted because of page crash|no such window/i.test(`${message}\n${driverLog}`);
}

export interface AppPage {
  driver: WebDriver;
  origin: string;
  /** The driver's output so far (crash reports). */
  driverLog(): string;
}

/**
 * Runs `body` (the source of an async function taking `args`) in the page and returns its result; a
 * rejection comes back as an Error with the page's message.
 */
export async function inPage<T>(app: AppPage, body: string, args: unknown[] = [], timeoutMs = 120_000): Promise<T> {
  await app.driver.manage().setTimeouts({ script: timeoutMs });
  const script = `const done = arguments[arguments.length - 1];
    (async (...args) => { ${body} })(...Array.from(arguments).slice(0, -1))
      .then((value) => done({ ok: true, value }), (e) => done({ ok: false, error: String((e && e.message) || e) }));`;
  let reply: { ok: boolean; value?: T; error?: string };
  try {
    reply = await app.driver.executeAsyncScript(script, ...args);
  } catch (err) {
    if (isPageCrash(err, app.driverLog())) throw new PageCrashedError(`WebKit's page process crashed (${(err as Error).message})`);
    throw err;
  }
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as T;
}

/**
 * Opens the app and waits for `window.earshot.ready()` (models loaded), as a user's first visit would.
 * It polls with short commands rather than one long script, so a page process that dies during the load
 * (the page then vanishes or starts over) is reported as a crash at once, not as a timeout.
 */
export async function openApp(app: AppPage, query = '', timeoutMs = 150_000): Promise<{ readyMs: number }> {
  await app.driver.get(`${app.origin}/${query}`);
  const started = Date.now();
  const poll = async <T>(script: string): Promise<T> => {
    try {
      return (await app.driver.executeScript(script)) as T;
    } catch (err) {
      if (isPageCrash(err, app.driverLog()))
        throw new PageCrashedError(`WebKit's page process crashed while Earshot was loading its models (${(err as Error).message})`);
      throw err;
    }
  };
  // window.earshot appears once the page will stay (after the service worker's one isolation reload).
  while (!(await poll<boolean>('return !!window.earshot;'))) {
    if (Date.now() - started > timeoutMs) throw new Error('Earshot did not start: window.earshot never appeared');
    await sleep(100);
  }
  await poll(`window.__earshotReady = 'loading';
    window.earshot.ready().then(() => (window.__earshotReady = 'ready'), (e) => (window.__earshotReady = 'failed: ' + ((e && e.message) || e)));`);
  for (;;) {
    const state = await poll<string | null>('return window.__earshotReady ?? null;');
    if (state === 'ready') return { readyMs: Date.now() - started };
    if (state === null)
      throw new PageCrashedError(
        `WebKit's page process crashed while Earshot was loading its models: the page started over${crashNote(app.driverLog())}`,
      );
    if (state.startsWith('failed: ')) throw new Error(`Earshot did not become ready: ${state.slice('failed: '.length)}`);
    if (Date.now() - started > timeoutMs) throw new Error(`Earshot did not become ready within ${timeoutMs} ms`);
    await sleep(250);
  }
}

function crashNote(driverLog: string): string {
  const line = driverLog.split('\n').find((l) => /crash|terminated/i.test(l));
  return line ? ` (${line.trim()})` : '';
}

export async function text(app: AppPage, selector: string): Promise<string> {
  const found = await app.driver.findElements(By.css(selector));
  const texts = await Promise.all(found.map((e) => e.getText()));
  return texts.join(' ').trim();
}

export async function attribute(app: AppPage, selector: string, name: string): Promise<string | null> {
  return app.driver.findElement(By.css(selector)).getAttribute(name);
}

export async function click(app: AppPage, selector: string): Promise<void> {
  await app.driver.findElement(By.css(selector)).click();
}

/** Waits until `selector`'s text is `expected` (the status badge, for instance). */
export async function waitForText(app: AppPage, selector: string, expected: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await text(app, selector)).toLowerCase();
    if (last === expected) return;
    await sleep(100);
  }
  throw new Error(`${selector} still says "${last}" after ${timeoutMs} ms, expected "${expected}"`);
}
