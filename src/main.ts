import { mount } from 'svelte';
import App from './ui/App.svelte';
import { EarshotApp } from './app.svelte';
import { createAutomation, type EarshotAutomation } from './automation';
import { resolveSettings, type Settings } from './settings';
import { AppServiceWorker } from './pwa/register';
import { UpdateFlow } from './pwa/update-flow';
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

const updates = new UpdateFlow(() => location.reload());
const serviceWorker = new AppServiceWorker(updates);
// On a host without isolation headers the service worker supplies them after one reload: build nothing before.
if ((await serviceWorker.isolate()) === 'run') {
  const app = new EarshotApp(resolveSettings(new URLSearchParams(location.search), storedSettings()));
  mount(App, { target: document.getElementById('app')!, props: { app, updates } });
  window.earshot = createAutomation(app);
  void app.init().finally(() => serviceWorker.register());
}
