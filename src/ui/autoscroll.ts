// Auto-scroll for the live transcript: follow new text while the reader is at the bottom; stop as soon
// as they scroll up; resume when they come back down. Pure.

/** Within this many pixels of the end counts as "at the bottom" (sub-pixel rounding, a partial line). */
export const BOTTOM_SLACK_PX = 32;

export interface ScrollBox {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

export function isAtBottom(box: ScrollBox, slack = BOTTOM_SLACK_PX): boolean {
  return box.scrollHeight - box.clientHeight - box.scrollTop <= slack;
}

/**
 * Whether to keep following after a scroll event. Growth of the content alone (new text arriving while
 * following) does not stop following: only the reader moving away from the end does.
 */
export function followAfterScroll(following: boolean, previousTop: number, box: ScrollBox, slack = BOTTOM_SLACK_PX): boolean {
  if (isAtBottom(box, slack)) return true;
  if (box.scrollTop < previousTop) return false; // moved up
  return following;
}
