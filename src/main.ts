import { mount } from 'svelte';
import App from './ui/App.svelte';
import { EarshotApp } from './app.svelte';
import { createAutomation, type EarshotAutomation } from './automation';
import { resolveSettings, type Settings } from './settings';
import './ui/global.css';

declare global {
  interface Window {
    earshot: EarshotAutomation;
  }
}

const SETTINGS_KEY = 'earshot.settings';

function storedSettings(): Partial<Settings> {
  try {
    return JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<Settings>;
  } catch {
    return {};
  }
}

const app = new EarshotApp(resolveSettings(new URLSearchParams(location.search), storedSettings()));
mount(App, { target: document.getElementById('app')!, props: { app } });
window.earshot = createAutomation(app);
void app.init();
