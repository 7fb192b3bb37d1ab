// Page helpers shared by the benchmark runners (they drive the app through its automation contract).

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function waitStatus(page, want, timeout) {
  const handle = await page.waitForFunction(
    (w) => {
      const s = document.querySelector('[data-testid=status]')?.textContent?.trim() ?? '';
      return s === w || s === 'error' ? s : false;
    },
    want,
    { timeout, polling: 100 },
  );
  const got = await handle.jsonValue();
  if (got !== want) {
    const message = await page
      .locator('[data-testid=error]')
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(`status is "${got}" instead of "${want}"${message ? `: ${message.trim()}` : ''}`);
  }
}

/** The final text on the page: every segment's words, without its time stamp. */
export function segmentTexts(page) {
  return page.$$eval('[data-testid=segment]', (els) =>
    els
      .map((el) => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('time').forEach((t) => t.remove());
        return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
      })
      .filter(Boolean),
  );
}
