// The `svom` command-line tool run from the host against the containerized FSC, as a user runs
// it: built cli/dist/main.js, the stack's certificate as --ca, the stack's JWT key for tokens.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from './compose-stack.js';

const execFileAsync = promisify(execFile);
const main = join(root, 'cli/dist/main.js');

export async function svom(args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [main, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`svom ${args.join(' ')}: ${e.stderr || e.message}\n${e.stdout ?? ''}`);
  }
}

/** A long-running `svom listen ... --json`: every stdout line parsed, stderr kept for messages. */
export class Listener {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly status: string[] = [];
  readonly child: ChildProcess;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [main, 'listen', ...args, '--json'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
        newline = buffer.indexOf('\n');
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.status.push(chunk.trim()));
  }

  stop(): void {
    this.child.kill('SIGINT');
  }
}

/** The IVORN of a VOEvent as `svom listen --vtp --json` prints it ({xml}). */
export function ivornOf(line: Record<string, unknown>): string | undefined {
  return /<(?:\w+:)?VOEvent\b[^>]*\bivorn="([^"]+)"/.exec(String(line.xml ?? ''))?.[1];
}
