// The library bundle's declarations (copied to dist-lib/earshot.d.ts beside dist-lib/types.d.ts, which is
// emitted from types.ts). The implementation is checked against EarshotRecognitionConstructor in recognition.ts.
import type { EarshotRecognitionApi, EarshotRecognitionConstructor } from './types';

export type * from './types';
export declare const EarshotRecognition: EarshotRecognitionConstructor;
export type EarshotRecognition = EarshotRecognitionApi;
