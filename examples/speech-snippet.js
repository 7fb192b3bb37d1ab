// Typical Web Speech API code, as found in tutorials: one utterance per press, its text shown.
const SpeechRecognition = window.SpeechRecognition || window.webkitSpeechRecognition;

const recognition = new SpeechRecognition();
recognition.lang = 'en-US';
recognition.continuous = false;
recognition.interimResults = false;
recognition.maxAlternatives = 1;

const heard = document.querySelector('#heard');
const diagnostic = document.querySelector('#diagnostic');

document.querySelector('#speak').onclick = () => {
  recognition.start();
  diagnostic.textContent = 'Listening…';
};

recognition.onresult = (event) => {
  const transcript = event.results[0][0].transcript;
  heard.textContent = transcript;
};

recognition.onspeechend = () => {
  recognition.stop();
};

recognition.onerror = (event) => {
  diagnostic.textContent = `Error occurred in recognition: ${event.error}`;
};

recognition.onend = () => {
  diagnostic.textContent = 'Done.';
};
