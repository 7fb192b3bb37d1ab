// Subtitle-grade cues from transcript segments: no cue longer than 7 s or 84 characters, shown as at most
// two lines of 42 (the usual broadcast limits). Segments carry one start and end, so a long segment is split
// at word boundaries and its time shared out in proportion to the characters. Pure.

export interface CueLimits {
  maxMs: number;
  lineChars: number;
  lines: number;
}

export const CUE_LIMITS: CueLimits = { maxMs: 7000, lineChars: 42, lines: 2 };

export interface Cue {
  startMs: number;
  endMs: number;
  lines: string[];
}

/** Greedy word wrap; a word longer than a line is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ').filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const fits = (words: string[], l: CueLimits) => wrap(words.join(' '), l.lineChars).length <= l.lines;

/** Words in groups that each fit the cue's lines, as few groups as possible but at least `atLeast`. */
function group(words: string[], atLeast: number, l: CueLimits): string[][] {
  const total = words.join(' ').length;
  const target = Math.ceil(total / atLeast); // characters per group when time, not room, decides
  const groups: string[][] = [];
  let current: string[] = [];
  for (const word of words) {
    const next = [...current, word];
    if (current.length > 0 && (!fits(next, l) || next.join(' ').length > target)) {
      groups.push(current);
      current = [word];
    } else current = next;
  }
  if (current.length) groups.push(current);
  return groups;
}

export function subtitleCues(segments: readonly { text: string; startMs: number; endMs: number }[], l: CueLimits = CUE_LIMITS): Cue[] {
  const cues: Cue[] = [];
  for (const seg of segments) {
    const words = seg.text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
    if (words.length === 0) continue;
    const start = Math.max(0, Math.round(seg.startMs));
    const end = Math.max(start + 1, Math.round(seg.endMs));
    const groups = group(words, Math.max(1, Math.ceil((end - start) / l.maxMs)), l);
    const chars = groups.map((g) => g.join(' ').length);
    const all = chars.reduce((a, b) => a + b, 0);
    let at = start;
    let seen = 0;
    groups.forEach((g, i) => {
      seen += chars[i];
      const to = i === groups.length - 1 ? end : Math.round(start + ((end - start) * seen) / all);
      // A cue a few words long cannot be cut further: it ends early rather than stay up too long.
      cues.push({ startMs: at, endMs: Math.max(at + 1, Math.min(to, at + l.maxMs)), lines: wrap(g.join(' '), l.lineChars) });
      at = to;
    });
  }
  return cues;
}
