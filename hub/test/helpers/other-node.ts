import { execFile } from 'node:child_process';

/**
 * The path of a real Node binary of `major` from npm's `node@<major>` package.
 * npx keeps it in its cache (~/.npm/_npx), so only the first call on a machine
 * downloads it (about 10 s here; scripts/test-packages.sh fetches both before the tests);
 * later calls take under a second. `--prefer-offline` skips the registry when cached.
 */
export function otherNodeBinary(major: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('npx', ['-y', '--prefer-offline', '-p', `node@${major}`, 'node', '-p', 'process.execPath'], { timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`npx -p node@${major} failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}
