// The user's settings, persisted in localStorage. URL parameters override them for one page load, until
// the user changes the same setting here.
import {
  patchStored,
  queryVocabularyProblem,
  readStoredSettings,
  rejectedParamsMessage,
  resolveSettings,
  SETTINGS_KEY,
  type Settings,
  type SettingsStorage,
} from './settings';

export class SettingsStore {
  value = $state.raw<Settings>() as Settings;
  /** Why a change could not be kept for the next visit; empty when all is well. */
  problem = $state('');
  /** The URL parameters that were ignored for a value they do not accept, in words; empty when none. */
  ignored = $state('');
  private stored: Partial<Settings>;
  private readonly query: URLSearchParams;

  constructor(
    private readonly storage: SettingsStorage | null,
    query: URLSearchParams,
    private readonly onChange: (settings: Settings) => void = () => undefined,
  ) {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- every change recomputes `value` explicitly
    this.query = new URLSearchParams(query);
    this.ignored = rejectedParamsMessage(this.query);
    this.stored = readStoredSettings(storage);
    this.value = resolveSettings(this.query, this.stored);
    this.problem = queryVocabularyProblem(this.query) ?? '';
  }

  update(patch: Partial<Settings>): void {
    this.stored = patchStored(this.stored, patch);
    // A choice made here wins over the URL's one-load override of the same setting.
    for (const key of Object.keys(patch)) this.query.delete(key);
    if ('profile' in patch) for (const key of ['model', 'device']) if (!(key in patch)) this.query.delete(key);
    this.value = resolveSettings(this.query, this.stored);
    try {
      this.storage?.setItem(SETTINGS_KEY, JSON.stringify(this.stored));
      this.problem = '';
    } catch {
      this.problem =
        'This browser did not let Earshot save settings (private window or full storage): they apply until you close the page.';
    }
    this.onChange(this.value);
  }
}
