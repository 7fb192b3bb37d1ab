// The WebKit suite serves dist/ itself; it builds it once per run, so it never tests a stale build. `npm test`
// skips this: it built dist/ from the same tree at its start.
import { execFileSync } from 'node:child_process';

export default function buildOnce(): void {
  if (process.env.EARSHOT_SKIP_BUILD === '1') return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
