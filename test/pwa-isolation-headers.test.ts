import { describe, expect, it } from 'vitest';
import { APP_HEADERS, CONTENT_SECURITY_POLICY, ISOLATION_HEADERS, withAppHeaders } from '../src/pwa/isolation-headers';

const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('withAppHeaders', () => {
  it('adds COOP, COEP, CORP and the CSP and keeps status, text, other headers and body', async () => {
    const original = new Response('hello', {
      status: 203,
      statusText: 'Cached',
      headers: { 'Content-Type': 'text/javascript', 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
    });
    const out = withAppHeaders(original);
    expect(out.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp'); // replaced, not appended
    expect(out.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(out.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(out.headers.get('Content-Type')).toBe('text/javascript');
    expect(out.status).toBe(203);
    expect(out.statusText).toBe('Cached');
    expect(await out.text()).toBe('hello');
  });

  it('keeps bodiless responses bodiless', () => {
    const out = withAppHeaders(new Response(null, { status: 304 }));
    expect(out.status).toBe(304);
    expect(out.body).toBeNull();
    expect(out.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('passes network errors through (status 0 cannot be rebuilt)', () => {
    const error = Response.error();
    expect(withAppHeaders(error)).toBe(error);
  });

  it('sends the three isolation headers, the CSP and nosniff', () => {
    expect(Object.keys(ISOLATION_HEADERS).sort()).toEqual([
      'Cross-Origin-Embedder-Policy',
      'Cross-Origin-Opener-Policy',
      'Cross-Origin-Resource-Policy',
    ]);
    expect(Object.keys(APP_HEADERS).sort()).toEqual(
      [...Object.keys(ISOLATION_HEADERS), 'Content-Security-Policy', 'X-Content-Type-Options'].sort(),
    );
  });
});

describe('Content-Security-Policy', () => {
  it('lets the page talk to its own origin only', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'blob:']); // blob: URLs are the page's own data
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });

  it('allows compiling WebAssembly but no other eval and no inline script', () => {
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'|\*/);
  });

  it('forbids plugins, <base> and framing', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
