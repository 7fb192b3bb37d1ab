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
  marginDb: 7,
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

  /** The floor has been learned from the room (the warm-up frames, outside speech). */
  get settled(): boolean {
    return this.frames > this.options.warmupFrames;
  }

  /**
   * True when the frame is no louder than the room: below the absolute floor, or within the margin of a
   * learned floor. Until the floor is learned (someone who speaks the moment the mic opens) only the
   * absolute floor counts: a floor taken from speech would call speech the room.
   */
  atRoomLevel(db: number): boolean {
    return db <= this.options.absoluteFloorDb || (this.settled && !this.aboveRoom(db));
  }

  /**
   * True when the frame is clearly louder than the room (by the margin) as far as the floor has learned
   * it. Unlike `atRoomLevel` this needs no settled floor: a floor still high from early speech only makes
   * it say "loud" less often.
   */
  isLoud(db: number): boolean {
    return this.frames > 0 && db > this.options.absoluteFloorDb && this.aboveRoom(db);
  }

  /** True when the frame may hold speech and the model must look at it. `inSpeech` freezes the floor. */
  open(db: number, inSpeech = false): boolean {
    const o = this.options;
    if (!inSpeech) this.track(db);
    if (db <= o.absoluteFloorDb) {
      this.hold = 0;
      return !this.settled && db > MIN_DB;
    }
    if (this.aboveRoom(db)) {
      this.hold = o.holdFrames;
      return true;
    }
    if (this.hold > 0) {
      this.hold--;
      return true;
    }
    return !this.settled;
  }

  private aboveRoom(db: number): boolean {
    return db >= this.options.alwaysOpenDb || db >= this.floorDb + this.options.marginDb;
  }

  // Asymmetric average of the room's level: it settles a little below the median of the background
  // (rises over ~3 s, falls over ~0.6 s), so the margin clears the room's own fluctuations, and speech,
  // which freezes it, cannot drag it up.
  private track(db: number): void {
    if (db <= MIN_DB) return; // digital silence says nothing about the room
    this.frames++;
    if (this.frames === 1) this.floorDb = db;
    else this.floorDb += (db - this.floorDb) * (db < this.floorDb ? 0.05 : 0.01);
  }
}
