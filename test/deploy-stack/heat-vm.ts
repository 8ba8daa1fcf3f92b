// One VM of the Heat stack played by one compose project on this machine's Docker engine.
// On OpenStack each role runs on its own VM and reaches the others only by their private
// addresses (the role files' extra_hosts). Here each VM's address is put on the loopback
// interface and its compose project has its own network, so a container reaches another VM
// only through the ports published on that VM's address, as on the cloud; no network is shared.
// The role's compose file is read with `docker-compose config` and the VM's /etc/svom/fsc.env
// (what compose does on the VM), then three things are changed for one engine, and written
// back as JSON (which is YAML):
//  - `network_mode: host` (the NATS nodes) becomes the project's own network with the node's
//    ports published on its address: three nodes on one host cannot all hold 4222;
//  - ports published on every address ("8441:8441") are published on the VM's address only;
//  - host directories (/var/lib/svom/..., /etc/svom/tls) live under a folder standing for the
//    VM's disk, where cloud-init's write_files are written and its runcmd's `install -d`,
//    `mkdir` and `chgrp` of those directories applied (the NATS TLS pair, the subscribers file).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeStack, root } from './compose-stack.js';
import type { HeatServer } from './heat-stack.js';
import { readYaml } from './yaml.js';

type Service = {
  network_mode?: string;
  ports?: Array<string | { published: number | string; target: number; host_ip?: string; protocol?: string }>;
  volumes?: Array<string | { type: string; source?: string; target: string; read_only?: boolean }>;
};
type Compose = { services: Record<string, Service> } & Record<string, unknown>;

export class HeatVm {
  readonly disk: string;
  /** the VM's compose project (created by `up`) */
  stack?: ComposeStack;
  /** /etc/svom/fsc.env as it is now: cloud-init's, then as an operator edits it */
  readonly env: Record<string, string>;

  /**
   * @param server the VM as the Heat template renders it
   * @param hostPorts the ports a service on host networking listens on, by service name
   */
  constructor(
    readonly server: HeatServer,
    private readonly hostPorts: Record<string, number[]> = {},
  ) {
    this.disk = mkdtempSync(join(tmpdir(), `svom-vm-${server.resource}-`));
    this.env = { ...server.env };
  }

  get project(): string {
    return `svomvm${this.server.resource}`;
  }

  /** `docker-compose up -d` of the VM's role, as its cloud-init runs it. */
  async up(): Promise<ComposeStack> {
    addAddress(this.server.address);
    this.cloudInit();
    const file = await this.resolveRole();
    this.stack = new ComposeStack({ project: this.project, files: [file], secrets: false });
    await this.stack.compose('down', '-v', '--remove-orphans');
    await this.stack.compose('up', '-d');
    return this.stack;
  }

  /**
   * Lines of /etc/svom/fsc.env changed, as an operator edits them (a rotated password): what
   * compose reads from the next command on. Nothing is recreated until a command asks.
   */
  async editEnv(values: Record<string, string>): Promise<void> {
    Object.assign(this.env, values);
    await this.resolveRole();
  }

  /** The role's compose file resolved with the VM's env file and changed for one engine. */
  private async resolveRole(): Promise<string> {
    const role = new ComposeStack({
      project: this.project,
      files: [this.server.composeFile],
      env: this.env,
      secrets: false,
    });
    const config = readYaml(await role.compose('config')) as unknown as Compose;
    const file = join(this.disk, 'compose.json');
    writeFileSync(file, JSON.stringify(this.onOneEngine(config), null, 2));
    return file;
  }

  /** `docker-compose down -v`, the VM's disk and address removed. */
  down(): void {
    this.stack?.composeSync('down', '-v', '--remove-orphans');
    rmSync(this.disk, { recursive: true, force: true });
    removeAddress(this.server.address);
  }

  private onOneEngine(config: Compose): Compose {
    const address = this.server.address;
    for (const [name, service] of Object.entries(config.services)) {
      if (service.network_mode === 'host') {
        delete service.network_mode;
        service.ports = (this.hostPorts[name] ?? []).map((p) => `${address}:${p}:${p}`);
      }
      // As short strings: 1.29 prints the long form but reads no host_ip in it.
      service.ports = service.ports?.map((port) => {
        if (typeof port !== 'string') {
          return `${port.host_ip || address}:${port.published}:${port.target}/${port.protocol ?? 'tcp'}`;
        }
        return port.split(':').length === 2 ? `${address}:${port}` : port;
      });
      service.volumes = service.volumes?.map((volume) => {
        if (typeof volume !== 'string') {
          return volume.type === 'bind' && this.isHostDirectory(volume.source ?? '')
            ? { ...volume, source: this.onDisk(volume.source!) }
            : volume;
        }
        const [source = '', ...rest] = volume.split(':');
        return this.isHostDirectory(source) ? [this.onDisk(source), ...rest].join(':') : volume;
      });
    }
    return config;
  }

  /** What cloud-init does to the VM's disk before the role starts: files, then directories and groups. */
  private cloudInit(): void {
    for (const file of this.server.files) {
      const local = join(this.disk, file.path);
      mkdirSync(dirname(local), { recursive: true });
      const content = file.encoding === 'b64' ? Buffer.from(file.content, 'base64') : file.content;
      writeFileSync(local, content, { mode: Number.parseInt(file.permissions ?? '0644', 8) });
    }
    for (const [command, ...args] of this.server.runcmd) {
      if (!['install', 'mkdir', 'chgrp'].includes(command!)) continue;
      const onDisk = args.map((a) =>
        this.isHostDirectory(a) && /^\/(etc|var\/lib)\/svom\b/.test(a) ? join(this.disk, a) : a,
      );
      if (onDisk.every((a, i) => a === args[i])) continue;
      const result = spawnSync(command!, onDisk, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${command} ${onDisk.join(' ')}: ${result.stderr}`);
    }
  }

  /** A path on the VM's own disk: absolute and not in the repository checkout (which both share). */
  private isHostDirectory(source: string): boolean {
    return source.startsWith('/') && !source.startsWith(`${root}/`);
  }

  /** A host directory of the VM, under the folder standing for its disk (made, as on a VM). */
  private onDisk(path: string): string {
    const local = join(this.disk, path);
    mkdirSync(local, { recursive: true });
    return local;
  }
}

/** The VM's private address on this host's loopback interface (idempotent). */
function addAddress(address: string): void {
  const result = spawnSync('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo'], { encoding: 'utf8' });
  if (result.status !== 0 && !/File exists|already assigned/.test(result.stderr)) {
    throw new Error(`ip addr add ${address}/32 dev lo: ${result.stderr} (the OpenStack test runs as root)`);
  }
}

function removeAddress(address: string): void {
  spawnSync('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo']);
}
