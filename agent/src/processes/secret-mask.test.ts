import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets, SECRET_PATTERNS } from './secret-mask.js';

// Each row: a command line as a process shows it, and what the agent may send.
const cases: [pattern: string, command: string, masked: string][] = [
  ['authorization header', `curl -H 'Authorization: Bearer eyJhbGciOi.x.y' https://api`, `curl -H 'Authorization: Bearer ${MASK}' https://api`],
  ['authorization header', 'wget --header=authorization:Basic dXNlcjpwYXNz http://h', `wget --header=authorization:Basic ${MASK} http://h`],
  ['authorization header', 'curl -H Proxy-Authorization:abc123 http://h', `curl -H Proxy-Authorization:${MASK} http://h`],
  ['secret header', `curl -H 'X-Api-Key: 9f8e7d' https://api`, `curl -H 'X-Api-Key: ${MASK}' https://api`],
  ['secret header', 'curl -H X-Auth-Token:abc https://api', `curl -H X-Auth-Token:${MASK} https://api`],
  ['URL password', 'psql postgres://app:s3cr3t@db:5432/app', `psql postgres://app:${MASK}@db:5432/app`],
  ['URL password', 'git clone https://bob:ghp_abc@github.com/x/y', `git clone https://bob:${MASK}@github.com/x/y`],
  ['key=value', 'hostpulse-agent --token=abc123 --hub ws://h', `hostpulse-agent --token=${MASK} --hub ws://h`],
  ['key=value', 'app password=hunter2 user=bob', `app password=${MASK} user=bob`],
  ['key=value', 'env DB_PASSWORD=hunter2 AWS_SECRET_ACCESS_KEY=wJalr node x.js', `env DB_PASSWORD=${MASK} AWS_SECRET_ACCESS_KEY=${MASK} node x.js`],
  ['key=value', 'java -Djavax.net.ssl.keyStorePassword=changeit -jar a.jar', `java -Djavax.net.ssl.keyStorePassword=${MASK} -jar a.jar`],
  ['key=value', 'curl https://h/cb?access_token=abc&state=1', `curl https://h/cb?access_token=${MASK}&state=1`],
  ['key=value', `node -e '{"client_secret":"abc"}'`, `node -e '{"client_secret":"${MASK}"}'`],
  ['key=value', 'vault login -method=userpass passwd=x1', `vault login -method=userpass passwd=${MASK}`],
  ['flag value', 'redis-server --requirepass s3cret --port 6379', `redis-server --requirepass ${MASK} --port 6379`],
  ['flag value', 'app --api-key 123abc --verbose', `app --api-key ${MASK} --verbose`],
  ['flag value', 'app -password hunter2', `app -password ${MASK}`],
  ['user:password', 'curl -u admin:hunter2 https://h', `curl -u admin:${MASK} https://h`],
  ['user:password', 'curl --user admin:hunter2 https://h', `curl --user admin:${MASK} https://h`],
  ['mysql -p', 'mysql -u root -phunter2 shop', `mysql -u root -p${MASK} shop`],
  ['mysql -p', 'mysqldump -h db -psecret --all-databases', `mysqldump -h db -p${MASK} --all-databases`],
];

describe('maskSecrets', () => {
  it.each(cases)('masks %s: %s', (_pattern, command, masked) => {
    expect(maskSecrets(command)).toBe(masked);
  });

  it('has a case for every pattern in the list', () => {
    const covered = new Set(cases.map(([name]) => name));
    expect(SECRET_PATTERNS.map((p) => p.name).filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each([
    'nginx: worker process',
    'postgres: 15/main: checkpointer',
    'node server.js --port 3000 --host 0.0.0.0',
    'git log --author=jane --oneline',
    'python -m train --tokenizer bert-base --epochs 3',
    'mysql -u root -p shop',
    'mysqld --port=3306 -P3306',
    'ssh -p 2222 user@host',
    'rsync --passive-ftp --bypass-cache a b',
    'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
  ])('leaves a command with no secret as it is: %s', (command) => {
    expect(maskSecrets(command)).toBe(command);
  });

  it('masks every secret on a line that carries several', () => {
    const line = 'deploy --token=a1 --password b2 https://u:c3@h -H "Authorization: Bearer d4"';
    const masked = maskSecrets(line);
    for (const secret of ['a1', 'b2', 'c3', 'd4']) expect(masked).not.toContain(secret);
    expect(masked.split(MASK)).toHaveLength(5);
  });
});
