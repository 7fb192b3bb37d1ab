import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from '../src/pwa/isolation-headers';

describe('withIsolationHeaders', () => {
  it('adds COOP, COEP and CORP and keeps status, text, other headers and body', async () => {
    const original = new Response('hello', {
      status: 203,
      statusText: 'Cached',
      headers: { 'Content-Type': 'text/javascript', 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
    });
    const out = withIsolationHeaders(original);
    expect(out.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp'); // replaced, not appended
    expect(out.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(out.headers.get('Content-Type')).toBe('text/javascript');
    expect(out.status).toBe(203);
    expect(out.statusText).toBe('Cached');
    expect(await out.text()).toBe('hello');
  });

  it('keeps bodiless responses bodiless', () => {
    const out = withIsolationHeaders(new Response(null, { status: 304 }));
    expect(out.status).toBe(304);
    expect(out.body).toBeNull();
    expect(out.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('passes network errors through (status 0 cannot be rebuilt)', () => {
    const error = Response.error();
    expect(withIsolationHeaders(error)).toBe(error);
  });

  it('sets exactly the three isolation headers', () => {
    expect(Object.keys(ISOLATION_HEADERS).sort()).toEqual([
      'Cross-Origin-Embedder-Policy',
      'Cross-Origin-Opener-Policy',
      'Cross-Origin-Resource-Policy',
    ]);
  });
});
