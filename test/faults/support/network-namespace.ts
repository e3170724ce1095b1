import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether this machine can make network namespaces: root and iproute2. */
export async function namespacesAvailable(): Promise<{ ok: boolean; reason: string }> {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root' };
  try {
    await run('ip', ['netns', 'list']);
    return { ok: true, reason: '' };
  } catch {
    return { ok: false, reason: 'no `ip netns` (apt-get install iproute2)' };
  }
}

/**
 * A network namespace joined to the host by a veth pair with test-assigned
 * addresses (a /30 of 10.231.0.0/16: its first address on the host, its second inside), so one process can be
 * cut off for real: taking the host's end down stops every packet to and from
 * it, and its TCP connections hang as in a partition instead of being reset.
 */
export class NetworkNamespace {
  private constructor(
    readonly name: string,
    private readonly hostLink: string,
    readonly hostAddress: string,
    readonly innerAddress: string,
  ) {}

  static async create(): Promise<NetworkNamespace> {
    // A random /30 of 10.231.0.0/16, so a namespace a killed run left behind is unlikely to share it.
    const [third, fourth] = [randomBytes(1)[0] % 250, (randomBytes(1)[0] % 63) * 4];
    const name = `tessera-fault-${randomBytes(3).toString('hex')}`;
    const hostLink = `tf${randomBytes(3).toString('hex')}`;
    const inner = `${hostLink}i`;
    const [hostAddress, innerAddress] = [`10.231.${third}.${fourth + 1}`, `10.231.${third}.${fourth + 2}`];
    await run('ip', ['netns', 'add', name]);
    const namespace = new NetworkNamespace(name, hostLink, hostAddress, innerAddress);
    try {
      await run('ip', ['link', 'add', hostLink, 'type', 'veth', 'peer', 'name', inner]);
      await run('ip', ['link', 'set', inner, 'netns', name]);
      await run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostLink]);
      await run('ip', ['link', 'set', hostLink, 'up']);
      await run('ip', ['netns', 'exec', name, 'ip', 'addr', 'add', `${innerAddress}/30`, 'dev', inner]);
      await run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', inner, 'up']);
      await run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
    } catch (error) {
      await namespace.remove();
      throw error;
    }
    return namespace;
  }

  /** The processes running inside it. */
  async pids(): Promise<number[]> {
    const { stdout } = await run('ip', ['netns', 'pids', this.name]);
    return stdout.split('\n').filter(Boolean).map(Number);
  }

  /** The link is down: nothing crosses it either way until `up`. */
  async down(): Promise<void> {
    await run('ip', ['link', 'set', this.hostLink, 'down']);
  }

  async up(): Promise<void> {
    await run('ip', ['link', 'set', this.hostLink, 'up']);
  }

  async remove(): Promise<void> {
    await run('ip', ['link', 'del', this.hostLink]).catch(() => undefined); // takes its peer with it
    await run('ip', ['netns', 'del', this.name]).catch(() => undefined);
  }
}
