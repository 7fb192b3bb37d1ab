// The live transcript as plain text for the clipboard. Pure.
import { clock } from '../history/format';
import type { SegmentText } from '../../workers/protocol';

/** One line per segment; with `times`, each starts with its `[m:ss]` offset. */
export function transcriptText(segments: readonly SegmentText[], times = false): string {
  return segments.map((s) => (times ? `[${clock(s.startMs)}] ${s.text}` : s.text)).join('\n');
}
