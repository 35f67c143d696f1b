import { defineConfig } from 'vitest/config';

// The release's artifacts (npm run release, which npm test runs first) started as a server
// would start them, outside the repository: the hub executables on Debian 13's glibc and
// under qemu, the tarball on this machine's Node 20 and on Node 24, the container under
// podman, install-hub.sh. Each file starts large processes (an emulated hub, a container
// build), so they run one at a time, after every other project has finished.
// One alone: `npx vitest run --project packaging test/container.test.ts`.
export default defineConfig({
  test: {
    name: 'packaging',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    sequence: { groupOrder: 3 },
  },
});
