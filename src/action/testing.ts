/**
 * Test helpers: a fake runner — `ActionIo` over buffers, with real `$GITHUB_OUTPUT`,
 * `$GITHUB_STEP_SUMMARY` and event payload files in a temporary directory — and readers of
 * what the action wrote there. Used by the unit tests here and the end-to-end tests.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionIo } from './toolkit.js';

/** Parses a `$GITHUB_OUTPUT` file (heredoc entries as `setOutput` writes them). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const end = lines.indexOf(m[2] as string, i + 1);
    out[m[1] as string] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return out;
}

/** One parsed workflow command (`::error file=a,line=2::message`). */
export interface ParsedCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const unescapeCommand = (t: string) =>
  t
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

/** The workflow commands in a stdout text. */
export function parseCommands(stdout: string): ParsedCommand[] {
  const out: ParsedCommand[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = kv.indexOf('=');
      properties[kv.slice(0, eq)] = unescapeCommand(kv.slice(eq + 1));
    }
    out.push({ command: m[1] as string, properties, message: unescapeCommand(m[3] ?? '') });
  }
  return out;
}

/** A fake runner for one step. */
export interface FakeRunner {
  io: ActionIo;
  dir: string;
  stdout(): string;
  outputs(): Record<string, string>;
  summary(): string;
  commands(): ParsedCommand[];
}

/**
 * A runner environment: `inputs` become `INPUT_<NAME>`, `event` is written as the payload,
 * `env` adds or overrides `GITHUB_*` variables.
 */
export function fakeRunner(options: {
  inputs?: Record<string, string>;
  event?: unknown;
  eventName?: string;
  env?: Record<string, string | undefined>;
}): FakeRunner {
  const dir = mkdtempSync(join(tmpdir(), 'kite-action-'));
  const files = {
    out: join(dir, 'output'),
    summary: join(dir, 'summary.md'),
    event: join(dir, 'event.json'),
  };
  writeFileSync(files.out, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(options.event ?? {}));
  const env: Record<string, string | undefined> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.out,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: process.cwd(),
    ...options.env,
  };
  for (const [k, v] of Object.entries(options.inputs ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  let stdout = '';
  return {
    io: {
      env,
      write: (t) => {
        stdout += t;
      },
    },
    dir,
    stdout: () => stdout,
    outputs: () => parseOutputFile(readFileSync(files.out, 'utf8')),
    summary: () => readFileSync(files.summary, 'utf8'),
    commands: () => parseCommands(stdout),
  };
}
