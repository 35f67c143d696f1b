/** What /proc/cpuinfo says about the processors. */
export interface CpuInfo {
  /** Marketing name on x86 ("AMD EPYC"); on ARM the core design, and the board when the kernel names it. */
  model: string;
  /** Online logical CPUs (one "processor" block each). */
  logicalCores: number;
  /** Distinct (physical id, core id) pairs; the logical count where the kernel gives no core ids (ARM). */
  physicalCores: number;
}

// ARM's "CPU implementer" and "CPU part" codes for the cores found in Raspberry Pis and
// ARM servers; others are printed as codes.
const ARM_IMPLEMENTERS: Readonly<Record<string, string>> = {
  '0x41': 'ARM',
  '0x42': 'Broadcom',
  '0x43': 'Cavium',
  '0x48': 'HiSilicon',
  '0x4e': 'NVIDIA',
  '0x51': 'Qualcomm',
  '0x61': 'Apple',
  '0xc0': 'Ampere',
};
const ARM_PARTS: Readonly<Record<string, string>> = {
  '0xb76': 'ARM1176',
  '0xc07': 'Cortex-A7',
  '0xd03': 'Cortex-A53',
  '0xd04': 'Cortex-A35',
  '0xd05': 'Cortex-A55',
  '0xd07': 'Cortex-A57',
  '0xd08': 'Cortex-A72',
  '0xd09': 'Cortex-A73',
  '0xd0b': 'Cortex-A76',
  '0xd0c': 'Neoverse-N1',
  '0xd40': 'Neoverse-V1',
  '0xd41': 'Cortex-A78',
  '0xd49': 'Neoverse-N2',
  '0xd4f': 'Neoverse-V2',
};

/** The "key: value" lines of one block (or of the trailer after the last processor). */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return fields;
}

function armCoreName(fields: Map<string, string>): string {
  const implementer = fields.get('CPU implementer')?.toLowerCase();
  const part = fields.get('CPU part')?.toLowerCase();
  if (implementer === undefined || part === undefined) return '';
  const vendor = ARM_IMPLEMENTERS[implementer] ?? `implementer ${implementer}`;
  const core = implementer === '0x41' ? ARM_PARTS[part] : undefined;
  return `${vendor} ${core ?? `part ${part}`}`;
}

/** Parses the text of /proc/cpuinfo (x86 and ARM layouts); throws when it lists no processor. */
export function parseCpuinfo(text: string): CpuInfo {
  const blocks = text.split(/\n\s*\n/).map(fieldsOf);
  const processors = blocks.filter((f) => f.has('processor'));
  if (processors.length === 0) throw new Error('/proc/cpuinfo: no processor line');
  const first = processors[0]!;
  const board = blocks.find((f) => f.has('Model') && !f.has('processor'))?.get('Model') ?? '';
  const arm = armCoreName(first);
  const model = first.get('model name') || (arm && board ? `${arm} (${board})` : arm || board);
  const cores = new Set(processors.filter((f) => f.has('core id')).map((f) => `${f.get('physical id') ?? '0'}:${f.get('core id')}`));
  return { model, logicalCores: processors.length, physicalCores: cores.size || processors.length };
}
