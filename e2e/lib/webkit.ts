// WebKit (the engine Safari is built on) driven over W3C WebDriver: Debian's WebKitWebDriver runs
// MiniBrowser under a private Xvfb display, optionally with a private PulseAudio server whose virtual
// microphone plays a WAV file as real speech. Every process started here is stopped by `close()`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { within } from '../../src/bounded-wait';

export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops a child process we started (and waits for it), by its id only. */
async function stop(child: ChildProcess | null | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A private X display (Xvfb picks a free number and tells us through fd 3). */
export async function startXvfb(): Promise<{ display: string; close(): Promise<void> }> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('error', (err) => reject(new Error(`Xvfb could not start (${err.message}); apt-get install -y xvfb`)));
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr}`)));
  });
  return { display, close: () => stop(child) };
}

/**
 * A private PulseAudio server whose default source is a virtual microphone: whatever `play(wav)` plays
 * into its sink is what the browser records. Nothing of the machine's own audio setup is touched.
 */
export async function startPulse(): Promise<{ server: string; play(wav: string): Promise<void>; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'earshot-pulse-'));
  const socket = path.join(dir, 'native');
  const server = `unix:${socket}`;
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: dir, PULSE_RUNTIME_PATH: dir, PULSE_STATE_PATH: dir };
  const child = spawn(
    'pulseaudio',
    [
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--disallow-exit',
      '--use-pid-file=no',
      '--system=false',
      '-n',
      `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      '--load=module-null-sink sink_name=earshot_speaker rate=16000 channels=1',
      '--load=module-remap-source master=earshot_speaker.monitor source_name=earshot_mic channels=1',
      '--load=module-always-sink',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.once('error', () => undefined);
  const run = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const p = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      p.once('error', reject);
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${err}`))));
    });
  try {
    await until('PulseAudio', 10_000, async () => (existsSync(socket) ? true : child.exitCode !== null ? Promise.reject() : null));
    await run('pactl', ['--server', server, 'set-default-source', 'earshot_mic']);
  } catch {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PulseAudio could not start (apt-get install -y pulseaudio pulseaudio-utils gstreamer1.0-pulseaudio): ${stderr}`);
  }
  return {
    server,
    play: (wav) => run('paplay', ['--server', server, '--device', 'earshot_speaker', wav]),
    close: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WebKitOptions {
  display: string;
  /** Port for WebKitWebDriver. */
  port: number;
  /** Extra environment for the driver, inherited by MiniBrowser and its WebProcess. */
  env?: Record<string, string>;
}

export interface WebKitSession {
  driver: WebDriver;
  /** The driver's own output (WebProcess crashes are reported there). */
  driverLog(): string;
  /** Ids of the WebKitWebProcess processes under this browser (to simulate a crash). */
  webProcessIds(): number[];
  close(): Promise<void>;
}

export async function startWebKit(options: WebKitOptions): Promise<WebKitSession> {
  const child = spawn(WEBKIT_DRIVER, [`--port=${options.port}`], {
    env: { ...process.env, DISPLAY: options.display, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (d: Buffer) => (log = (log + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('error', (err) => (log += `\n${err.message}`));
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await until('WebKitWebDriver', 10_000, async () => {
      if (child.exitCode !== null) throw new Error('exited');
      return (await fetch(`${url}/status`)).ok ? true : null;
    });
  } catch {
    await stop(child);
    throw new Error(`WebKitWebDriver did not start on port ${options.port} (apt-get install -y webkit2gtk-driver): ${log}`);
  }
  const args = ['--automation', '--enable-media-stream']; // the system's microphone: the PulseAudio server's
  // The driver's new-session request starts MiniBrowser and waits for it with no limit of its own: a browser
  // that never comes up would hold the test until its timeout, with nothing in the log to say why.
  const killAll = async () => {
    for (const pid of descendants(child.pid!)) signal(pid, 'SIGKILL');
    await stop(child);
  };
  const started = await within(
    new Builder()
      .usingServer(url)
      .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } })
      .build()
      .catch((err: Error) => err),
    SESSION_START_MS,
    new Error(`no session after ${SESSION_START_MS / 1000} s`),
  );
  if (started instanceof Error) {
    await killAll();
    throw new Error(`MiniBrowser did not start (${started.message}): ${log}`, { cause: started });
  }
  const driver = started;
  return {
    driver,
    driverLog: () => log,
    webProcessIds: () => descendants(child.pid!).filter((pid) => processName(pid) === 'WebKitWebProces'),
    close: async () => {
      await within(driver.quit(), 10_000, undefined);
      await killAll();
    },
  };
}

/** How long MiniBrowser may take to come up under the driver (normally 1–2 s). */
const SESSION_START_MS = 45_000;

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Every process below `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents)
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
  };
  walk(root);
  return found;
}

/** A port nobody listens on now (for the driver, which needs one before it starts). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
