import { parseArgs } from 'node:util';
import { isKiteError, messageOf, VERSION } from '../core/index.js';
import type { CliIo, Command } from './command.js';
import { allCommands, COMMAND_GROUPS } from './commands/index.js';

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

async function findCommand(
  argv: readonly string[],
): Promise<{ command: Command; rest: string[] } | undefined> {
  const groups = COMMAND_GROUPS.filter((g) => g.prefix.every((word, i) => argv[i] === word));
  let best: Command | undefined;
  for (const group of groups) {
    for (const command of await group.load()) {
      const matches = command.name.every((word, i) => argv[i] === word);
      if (matches && (!best || command.name.length > best.name.length)) best = command;
    }
  }
  return best ? { command: best, rest: argv.slice(best.name.length) } : undefined;
}

/** The top-level help text. */
export async function helpText(): Promise<string> {
  const commands = await allCommands();
  const width = Math.max(...commands.map((c) => c.name.join(' ').length));
  const lines = commands.map((c) => `  kite ${c.name.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    `kite ${VERSION} — ML pipelines in TypeScript, locally or on Kubeflow`,
    '',
    'Usage: kite <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     show help (also after a command: kite compile --help)',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code.
 * Every user mistake becomes a message on stderr and a non-zero code, never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(await helpText());
    return argv.length === 0 ? 1 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const found = await findCommand(argv);
  if (!found) {
    io.stderr(`kite: unknown command '${argv.join(' ')}'. Run 'kite --help' to see the commands.\n`);
    return 2;
  }
  const { command, rest } = found;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...command.options, ...HELP_OPTION },
      allowPositionals: command.allowPositionals ?? true,
      strict: true,
    });
    if (parsed.values.help) {
      io.stdout(`${command.summary}\n\n${command.usage.trimEnd()}\n`);
      return 0;
    }
    return await command.run(parsed as Parameters<Command['run']>[0], io);
  } catch (error) {
    return reportError(error, command, io);
  }
}

function reportError(error: unknown, command: Command, io: CliIo): number {
  const name = `kite ${command.name.join(' ')}`;
  if (isKiteError(error) && error.isUserError) {
    io.stderr(`${name}: ${error.message}\n`);
    if (error.hint) io.stderr(`  hint: ${error.hint}\n`);
    return error.code === 'CANCELED' ? 130 : 1;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`${name}: ${messageOf(error)}\n  hint: run '${name} --help' for the options\n`);
    return 2;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`${name}: internal error — please report it.\n${detail}\n`);
  return isKiteError(error) ? 1 : 70;
}
