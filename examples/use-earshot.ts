// The one line a page adds: Web Speech code that reads window.SpeechRecognition now gets Earshot's.
import { EarshotRecognition } from '../src/lib';

Object.assign(window, { SpeechRecognition: EarshotRecognition, webkitSpeechRecognition: EarshotRecognition });
