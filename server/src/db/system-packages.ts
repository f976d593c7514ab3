import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** True where missing system packages can be installed here: Debian/Ubuntu, as root. */
export function canApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');
}

/** apt-get installs `packages` (non-interactive); true when apt-get succeeded. */
export function aptInstall(packages: readonly string[], log: (msg: string) => void, why: string): boolean {
  log(`[setup] installing ${packages.join(' ')} with apt-get (${why})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const res = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  return res.status === 0;
}
