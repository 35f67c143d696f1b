import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's order (project by project, by name), then the files that took longest last
 * time first, whatever their project: the hub's and e2e's longest files start at once
 * instead of after every other project's.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const lastMs = (file: TestSpecification): number =>
      this.ctx.cache.getFileTestResults(`${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`)?.duration ?? Number.MAX_SAFE_INTEGER;
    const group = (file: TestSpecification): number => file.project.config.sequence.groupOrder;
    return ordered.sort((a, b) => group(a) - group(b) || lastMs(b) - lastMs(a));
  }
}

// One Vitest run covers every workspace; each project has its own config beside its code.
// hub-serial and e2e-serial run their files one at a time after the rest, and packaging
// (the release's artifacts) after them (sequence.groupOrder).
export default defineConfig({
  test: {
    projects: ['protocol', 'common', 'agent', 'hub', 'hub/vitest.serial.config.ts', 'dashboard', 'e2e', 'e2e/vitest.serial.config.ts', 'loadgen', 'bench', 'packaging'],
    // Most integration files wait on real 1-second intervals rather than compute, so more
    // of them run at once than the machine has cores (Vitest's default is one fewer than the cores).
    maxWorkers: 4,
    sequence: { sequencer: LongestFirst },
  },
});
