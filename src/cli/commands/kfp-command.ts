/**
 * Helpers shared by the `kite kfp …` command files: one way to declare a command that gets a
 * connected client, `--limit`, and experiment lookup by name or id.
 */
import { KiteError } from '../../core/index.js';
import type { Experiment, KfpClient } from '../../kubeflow/index.js';
import type { CliIo, Command, OptionSpec, ParsedArgs } from '../command.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connect } from './kfp-connection.js';

/** What a `kite kfp` command does with its client. */
export type KfpAction = (client: KfpClient, args: ParsedArgs, io: CliIo) => Promise<number>;

/** A `kite kfp <words>` command with the connection flags. */
export function kfpCommand(
  words: string[],
  summary: string,
  usage: string,
  options: OptionSpec,
  run: KfpAction,
): Command {
  return {
    name: ['kfp', ...words],
    summary,
    usage: `Usage: kite kfp ${words.join(' ')} ${usage}\n\n${CONNECTION_USAGE}`,
    options: { ...CONNECTION_OPTIONS, ...options },
    run: (args, io) => run(connect(args.values, io), args, io),
  };
}

/** `--limit` (default 20). */
export const limitOf = (v: ParsedArgs['values']): number => {
  const n = Number(typeof v.limit === 'string' ? v.limit : '20');
  if (!Number.isInteger(n) || n <= 0)
    throw new KiteError('INVALID_ARGUMENT', `--limit must be a positive integer, got ${v.limit}`);
  return n;
};

/** An experiment by display name, else by id. */
export async function experimentOf(client: KfpClient, ref: string, namespace?: string): Promise<Experiment> {
  const byName = await client.experiments.findByName(ref, namespace);
  if (byName) return byName;
  return client.experiments.get(ref);
}

/** The first `n` items that `keep` accepts. */
export async function take<T>(
  items: AsyncGenerator<T>,
  n: number,
  keep: (x: T) => boolean = () => true,
): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) {
    if (keep(x)) out.push(x);
    if (out.length >= n) break;
  }
  return out;
}
