import { mount } from 'svelte';
import App from './ui/App.svelte';
import { EarshotApp } from './app.svelte';
import { createAutomation, type EarshotAutomation } from './automation';
import { SettingsStore } from './settings-store.svelte';
import { AppServiceWorker } from './pwa/register';
import { UpdateFlow } from './pwa/update-flow';
import './ui/global.css';

declare global {
  interface Window {
    earshot: EarshotAutomation;
  }
}

function localStorageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null; // reading it throws where storage is disabled
  } catch {
    return null;
  }
}

const updates = new UpdateFlow(() => location.reload());
const serviceWorker = new AppServiceWorker(updates);
// On a host without isolation headers the service worker supplies them after one reload: build nothing before.
if ((await serviceWorker.isolate()) === 'run') {
  const settings = new SettingsStore(localStorageOrNull(), new URLSearchParams(location.search), (next) => void app.applySettings(next));
  const app = new EarshotApp(settings.value);
  app.onDeviceFallback = (device) => settings.update({ device });
  mount(App, { target: document.getElementById('app')!, props: { app, settings, updates } });
  window.earshot = createAutomation(app);
  void app.init().finally(async () => {
    // Offline use needs the stored app (service worker precache) and the models, which loading stores.
    if (!(await serviceWorker.stored())) return;
    const modelsStored = await app.modelsStored();
    if (app.status === 'error' || app.status === 'loading') return;
    app.offline = modelsStored ? 'ready' : 'unavailable';
  });
}
