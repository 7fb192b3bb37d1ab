import { verifyModels } from './model-assets.mjs';

const count = await verifyModels();
console.log(`models: ${count} files match models/manifest.json`);
