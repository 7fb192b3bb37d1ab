// After `vite build --config vite.lib.config.ts`: emits the declarations (dist-lib/types.d.ts from
// src/lib/types.ts, dist-lib/earshot.d.ts), checks them as a consumer would, and reports the bundle's size
// (raw, gzip, brotli) to stdout and dist-lib/size.json. Exits non-zero if the declarations do not check.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist-lib');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

execFileSync(tsc, ['-p', 'tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
copyFileSync(path.join(root, 'src/lib/earshot.d.ts'), path.join(out, 'earshot.d.ts'));
// onnxruntime-web's runtime beside the workers, where workers/shared/ort-runtime-files.lib.ts expects it.
for (const file of ['ort-wasm-simd-threaded', 'ort-wasm-simd-threaded.asyncify'].flatMap((name) => [`${name}.mjs`, `${name}.wasm`]))
  copyFileSync(path.join(root, 'node_modules/onnxruntime-web/dist', file), path.join(out, 'assets', file));
// As a page's own strict build would use them: DOM types only, no skipLibCheck, typed listeners.
const check = path.join(out, 'types-check');
mkdirSync(check, { recursive: true });
writeFileSync(
  path.join(check, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2022', 'dom', 'dom.iterable'],
      types: [],
    },
    files: ['consumer.ts'],
  }),
);
writeFileSync(
  path.join(check, 'consumer.ts'),
  `import { EarshotRecognition, type EarshotRecognitionErrorCode } from '../earshot';
const r: EarshotRecognition = new EarshotRecognition({ model: 'whisper-tiny', vocabulary: ['Earshot'], assetsUrl: '/' });
r.continuous = true;
r.addEventListener('result', (e) => console.log(e.resultIndex, e.results[0][0].transcript, e.results.item(0).isFinal, e.results.length));
r.onerror = (e) => { const code: EarshotRecognitionErrorCode = e.error; console.log(code, e.message); };
r.start();
void r.load();
`,
);
execFileSync(tsc, ['-p', check], { cwd: root, stdio: 'inherit' });
rmSync(check, { recursive: true });

/** Code only: models/ and the wasm runtime (assets/ort-wasm-*.mjs, .wasm) are served files, reported on their own. */
function files(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = path.relative(base, full);
    if (statSync(full).isDirectory()) return rel === 'models' ? [] : files(full, base);
    return rel.endsWith('.js') ? [rel] : [];
  });
}

const rows = files(out).map((rel) => {
  const data = readFileSync(path.join(out, rel));
  return {
    file: rel,
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = rows.reduce((t, r) => ({ file: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
  file: 'total',
  raw: 0,
  gzip: 0,
  brotli: 0,
});
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log('\nEarshot library bundle (dist-lib/, code only):');
console.log('| file | raw | gzip -9 | brotli -q 11 |\n| --- | --- | --- | --- |');
for (const r of [...rows, total]) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
writeFileSync(path.join(out, 'size.json'), JSON.stringify({ files: rows, total }, null, 2) + '\n');
