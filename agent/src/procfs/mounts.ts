/** One line of /proc/self/mounts: what is mounted where, as which filesystem type. */
export interface MountEntry {
  source: string;
  mountPoint: string;
  fsType: string;
}

/**
 * Undoes the kernel's escaping of mount fields: space, tab, newline and backslash
 * are written as three octal digits (`\040`, `\011`, `\012`, `\134`).
 */
export function decodeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses the text of /proc/self/mounts ("source mountpoint type options 0 0" per line). */
export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    // Fields never hold a raw space (the kernel escapes it), so a short line is damage, not data.
    if (fields.length < 3 || !fields[0] || !fields[1] || !fields[2]) continue;
    entries.push({ source: decodeMountField(fields[0]), mountPoint: decodeMountField(fields[1]), fsType: decodeMountField(fields[2]) });
  }
  return entries;
}

/**
 * Types df leaves out without `-a` (they report no blocks) or the agent never asks:
 * statfs on an autofs mount point would trigger the automount.
 */
const PSEUDO_TYPES = new Set([
  'autofs', 'binfmt_misc', 'bpf', 'cgroup', 'cgroup2', 'configfs', 'debugfs', 'devpts', 'efivarfs', 'fusectl',
  'hugetlbfs', 'mqueue', 'nsfs', 'proc', 'pstore', 'rpc_pipefs', 'securityfs', 'selinuxfs', 'sysfs', 'tracefs',
]);

/** Memory-backed and image types systeminformation left out unless the source is a path (its `isLinuxTmpFs`). */
const MEMORY_TYPES = ['rootfs', 'unionfs', 'squashfs', 'cramfs', 'initrd', 'initramfs', 'devtmpfs', 'tmpfs', 'udev', 'devfs', 'specfs', 'appimaged'];

/**
 * Whether a mount is one the dashboard lists: the rule systeminformation's fsSize
 * applied to `df -x squashfs`, so the list stays what it was. Memory-backed
 * filesystems (tmpfs, devtmpfs) are left out: their pages are already in the
 * memory figures, and /dev/shm, /run and friends would crowd the list. The root
 * and anything mounted from a path or a remote (`host:/export`) always count.
 */
export function isListedMount(entry: MountEntry): boolean {
  if (PSEUDO_TYPES.has(entry.fsType) || entry.fsType === 'squashfs') return false;
  if (entry.mountPoint === '/' || entry.source.startsWith('/') || entry.source.indexOf('/') > 0) return true;
  const type = entry.fsType.toLowerCase();
  return !MEMORY_TYPES.some((memoryType) => type.includes(memoryType));
}
