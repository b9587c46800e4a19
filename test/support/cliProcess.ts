/** The CLI as a user runs it: the built bin in child processes (`npm test` builds first). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI_MAIN, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface RunningEmulator {
  /** The settings its `export` lines give. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts `aks-snapshot-backup emulator [args]` and waits for its three `export` lines. */
export async function startEmulatorProcess(args: readonly string[] = []): Promise<RunningEmulator> {
  const emulator: ChildProcess = spawn(process.execPath, [CLI_MAIN, 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`emulator did not start: ${text}`));
    }, 30_000);
    emulator.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if ((text.match(/^export /gm) ?? []).length === 3) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const env: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/^export (\w+)=(.*)$/gm)) {
    if (name !== undefined && value !== undefined) env[name] = value;
  }
  return {
    env,
    stop: async () => {
      const exited = new Promise((resolve) => emulator.once('exit', resolve));
      emulator.kill('SIGINT');
      await exited;
    },
  };
}
