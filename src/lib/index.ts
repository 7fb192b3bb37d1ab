// Earshot as a library: private, offline speech recognition shaped like the Web Speech API.
export { EarshotRecognition } from './recognition';
export type * from './types';
