// Dictation into a <textarea>: each final result goes in at the cursor; interim text shows below it.
import { EarshotRecognition } from '../src/lib';
import { insertAtCursor } from './insert-at-cursor';

const textarea = document.querySelector<HTMLTextAreaElement>('#text')!;
const button = document.querySelector<HTMLButtonElement>('#dictate')!;
const status = document.querySelector<HTMLElement>('#status')!;
const interim = document.querySelector<HTMLElement>('[data-testid=interim]')!;
const error = document.querySelector<HTMLElement>('#error')!;

const recognition = new EarshotRecognition({ profile: 'balanced' });
recognition.lang = 'en-US';
recognition.continuous = true;
recognition.interimResults = true;

let listening = false;
const show = (state: string) => {
  status.textContent = state;
  button.setAttribute('aria-pressed', String(state === 'listening'));
  button.textContent = state === 'listening' ? 'Stop' : 'Dictate';
};

recognition.addEventListener('start', () => {
  listening = true;
  show('listening');
});
recognition.addEventListener('result', (event) => {
  let pending = '';
  for (let i = event.resultIndex; i < event.results.length; i++) {
    const result = event.results[i];
    if (!result.isFinal) {
      pending += result[0].transcript;
      continue;
    }
    const { value, caret } = insertAtCursor(textarea.value, textarea.selectionStart, textarea.selectionEnd, result[0].transcript);
    textarea.value = value;
    textarea.setSelectionRange(caret, caret);
  }
  interim.textContent = pending;
});
recognition.addEventListener('error', (event) => {
  error.textContent = event.message;
});
recognition.addEventListener('end', () => {
  listening = false;
  interim.textContent = '';
  show('stopped');
});

button.addEventListener('click', () => {
  error.textContent = '';
  if (listening) recognition.stop();
  else recognition.start();
});

// Load the models while the page is read, so the first press listens at once.
recognition.load().then(
  () => {
    button.disabled = false;
    show('ready');
  },
  (err: Error) => {
    error.textContent = err.message;
    show('error');
  },
);
