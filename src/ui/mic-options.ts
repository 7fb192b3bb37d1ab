// The microphone list for Settings, from `enumerateDevices()`. Pure.

export interface MicOption {
  deviceId: string;
  label: string;
}

type DeviceLike = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

/** Chrome's virtual entries: the "System default" choice already stands for them. */
const VIRTUAL_IDS = new Set(['default', 'communications']);

/**
 * Audio inputs with a usable id. Before the user allows the microphone, browsers hide names (and
 * sometimes ids): unnamed devices get "Microphone n".
 */
export function micOptions(devices: readonly DeviceLike[]): MicOption[] {
  const out: MicOption[] = [];
  for (const d of devices) {
    if (d.kind !== 'audioinput' || !d.deviceId || VIRTUAL_IDS.has(d.deviceId)) continue;
    if (out.some((o) => o.deviceId === d.deviceId)) continue;
    out.push({ deviceId: d.deviceId, label: d.label || `Microphone ${out.length + 1}` });
  }
  return out;
}

/** Whether the browser has revealed device names yet (it does once the microphone was allowed). */
export function hasLabels(devices: readonly DeviceLike[]): boolean {
  return devices.some((d) => d.kind === 'audioinput' && d.label !== '');
}
