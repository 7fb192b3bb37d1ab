// Types for corpus.mjs, so TypeScript (the e2e specs) can share it with the benchmark runners.
export function corpusFolder(): string;
export function readManifest(dir: string): Record<string, unknown>[];
