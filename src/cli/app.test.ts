import { describe, expect, it } from 'vitest';
import { runCli } from './app.js';
import { COMMAND_GROUPS } from './commands/index.js';

describe('command registry', () => {
  it('every command sits in the group its first words name, and names are unique', async () => {
    const seen = new Set<string>();
    for (const group of COMMAND_GROUPS) {
      for (const command of await group.load()) {
        expect(command.name.slice(0, group.prefix.length), command.name.join(' ')).toEqual(group.prefix);
        const key = command.name.join(' ');
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it('an unknown command exits 2 with a hint', async () => {
    let err = '';
    const code = await runCli(['frobnicate'], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      isTty: false,
      cwd: process.cwd(),
      env: {},
      signal: new AbortController().signal,
    });
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command 'frobnicate'.*kite --help/);
  });
});
