// Tier 1 of the VAD: a frame energy gate with an adaptive noise floor.
// Cheap enough for every frame; it only rules speech *out*. Frames it lets through go to Silero.

export interface EnergyGateOptions {
  /** A frame this far above the noise floor may be speech. */
  marginDb: number;
  /** Anything quieter is silence, whatever the floor says (digital silence, a muted mic). */
  absoluteFloorDb: number;
  /** Anything louder always goes to the model. */
  alwaysOpenDb: number;
  /** Frames at the start that always go to the model while the floor settles. */
  warmupFrames: number;
  /** Frames the gate stays open after it last opened, so the model's state sees the whole onset and tail. */
  holdFrames: number;
}

export const defaultEnergyGateOptions: EnergyGateOptions = {
  marginDb: 6,
  absoluteFloorDb: -70,
  alwaysOpenDb: -30,
  warmupFrames: 30,
  holdFrames: 10,
};

const MIN_DB = -120;

export function frameDb(frame: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i] * frame[i];
  const rms = Math.sqrt(sum / frame.length);
  return rms > 1e-6 ? 20 * Math.log10(rms) : MIN_DB;
}

export class EnergyGate {
  private floorDb = 0;
  private frames = 0;
  private hold = 0;

  constructor(private readonly options: EnergyGateOptions = defaultEnergyGateOptions) {}

  get noiseFloorDb(): number {
    return this.floorDb;
  }

  /** True when the frame may hold speech and the model must look at it. */
  open(db: number): boolean {
    const o = this.options;
    this.track(db);
    if (db <= o.absoluteFloorDb) {
      this.hold = 0;
      return this.frames <= o.warmupFrames && db > MIN_DB;
    }
    if (db >= o.alwaysOpenDb || db >= this.floorDb + o.marginDb) {
      this.hold = o.holdFrames;
      return true;
    }
    if (this.hold > 0) {
      this.hold--;
      return true;
    }
    return this.frames <= o.warmupFrames;
  }

  reset(): void {
    this.floorDb = 0;
    this.frames = 0;
    this.hold = 0;
  }

  // Minimum tracking: falls fast to quieter frames, rises slowly (over seconds) so speech does not lift it.
  private track(db: number): void {
    if (db <= MIN_DB) return; // digital silence says nothing about the room
    this.frames++;
    if (this.frames === 1 || db < this.floorDb) this.floorDb += (db - this.floorDb) * (this.frames === 1 ? 1 : 0.3);
    else this.floorDb += (db - this.floorDb) * 0.004;
  }
}
