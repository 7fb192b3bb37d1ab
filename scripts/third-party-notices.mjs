// dist/THIRD-PARTY-LICENSES.md: the licence of every npm package whose code the build ships (the app, its
// workers and the service worker are separate bundles, so each build reports the packages in its chunks)
// and of the model files it copies. Rewritten whenever a bundle closes; the last write has them all.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { manifest } from './model-assets.mjs';

const FILE = 'THIRD-PARTY-LICENSES.md';

/** The package.json (with its folder) a module inside node_modules belongs to. */
function owningPackage(moduleId) {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = moduleId.lastIndexOf(marker);
  if (at < 0 || moduleId.startsWith('\0')) return null;
  const rest = moduleId.slice(at + marker.length).split(path.sep);
  const dir = moduleId.slice(0, at + marker.length) + (rest[0].startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1)).join(path.sep);
  const file = path.join(dir, 'package.json');
  return existsSync(file) ? { dir, pkg: JSON.parse(readFileSync(file, 'utf8')) } : null;
}

function licenceText(dir) {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  return file ? readFileSync(path.join(dir, file), 'utf8').trim() : null;
}

function render(packages) {
  const parts = [
    '# Third-party licences',
    '',
    'Earshot (MIT, see LICENSE) ships the following packages and model files.',
    '',
    '## Models',
    '',
  ];
  for (const [name, m] of Object.entries(manifest.models)) parts.push(`- ${name} (\`${m.id}\`, from npm \`${m.package}\`): ${m.license}`);
  for (const [key, { license, text }] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    parts.push('', `## ${key} (${license ?? 'no licence field'})`);
    if (text) parts.push('', text);
  }
  return parts.join('\n') + '\n';
}

/** One collector shared by the app, worker and service-worker builds; `plugin()` makes a fresh plugin for each. */
export function thirdPartyNotices() {
  const packages = new Map();
  let outDir = null;
  return {
    plugin() {
      return {
        name: 'earshot-third-party-notices',
        apply: 'build',
        configResolved(config) {
          outDir ??= path.resolve(config.root, config.build.outDir); // the app's build resolves first
        },
        generateBundle(_, bundle) {
          for (const chunk of Object.values(bundle)) {
            if (chunk.type !== 'chunk') continue;
            for (const id of chunk.moduleIds) {
              const owner = owningPackage(id.split('?')[0]);
              if (!owner) continue;
              const key = `${owner.pkg.name}@${owner.pkg.version}`;
              if (!packages.has(key)) packages.set(key, { license: owner.pkg.license, text: licenceText(owner.dir) });
            }
          }
        },
        closeBundle() {
          if (outDir && existsSync(outDir)) writeFileSync(path.join(outDir, FILE), render(packages));
        },
      };
    },
  };
}
