// Messages from the page to the service worker. workbox-window's `messageSkipWaiting()` sends this one.
export const SKIP_WAITING = 'SKIP_WAITING';
