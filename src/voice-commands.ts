// Spoken punctuation and layout ("comma", "new line", …) turned into the marks they name. English only. Pure.
//
// Whisper often punctuates around a spoken command itself ("Hello, comma, how are you?"), so the marks it
// put beside the command word are dropped with it.

const MARKS: Array<[RegExp, string]> = [
  [/new paragraph/, '\n\n'],
  [/new line/, '\n'],
  [/question mark/, '?'],
  [/exclamation (?:mark|point)/, '!'],
  [/full stop|period/, '.'],
  [/semicolon/, ';'],
  [/colon/, ':'],
  [/comma/, ','],
];

const pattern = new RegExp(`[\\s,.;:!?]*\\b(${MARKS.map(([re]) => re.source).join('|')})\\b[,.;:!?]*`, 'gi');

export function applyVoiceCommands(text: string): string {
  const out = text.replace(pattern, (_, command: string) => {
    const mark = MARKS.find(([re]) => new RegExp(`^(?:${re.source})$`, 'i').test(command))![1];
    return mark.startsWith('\n') ? mark : `${mark} `;
  });
  return out
    .replace(/ +\n/g, '\n')
    .replace(/\n +/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/(^|[.!?]\s+|\n)([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase()) // a new sentence
    .replace(/^ +| +$/g, '');
}

/** Voice commands are English words: with another language they would be spoken text. */
export function voiceCommandsApply(enabled: boolean, language: string): boolean {
  return enabled && language === 'en';
}
