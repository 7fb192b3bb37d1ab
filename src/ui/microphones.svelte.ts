// The microphones the browser offers, kept current while the settings panel is open.
import { hasLabels, micOptions, type MicOption } from './mic-options';

export class Microphones {
  list = $state.raw<MicOption[]>([]);
  /** False until the user allows the microphone once: until then browsers hide device names. */
  named = $state(false);
  readonly supported = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.enumerateDevices === 'function';
  private readonly onDeviceChange = () => void this.refresh();
  private watching = false;

  start(): void {
    if (!this.supported || this.watching) return;
    this.watching = true;
    navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    void this.refresh();
  }

  stop(): void {
    if (!this.watching) return;
    this.watching = false;
    navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
  }

  async refresh(): Promise<void> {
    if (!this.supported) return;
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      this.list = micOptions(devices);
      this.named = hasLabels(devices);
    } catch {
      this.list = []; // the list is a convenience: the default microphone still works
    }
  }

  /** Whether `deviceId` (a stored choice) is among the connected microphones. */
  has(deviceId: string): boolean {
    return this.list.some((m) => m.deviceId === deviceId);
  }
}
