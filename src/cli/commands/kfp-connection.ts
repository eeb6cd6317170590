/**
 * The connection flags shared by `kite submit`, `kite kfp …` and `kite schedule …`, and the
 * client they make. Secrets given here never reach the output: every printed line and every
 * `--json` document goes through the client's redactor.
 */
import { KiteError } from '../../core/index.js';
import { authFromEnv, KfpClient, type KfpClientOptions, parseParams } from '../../kubeflow/index.js';
import type { CliIo, OptionSpec, ParsedArgs } from '../command.js';

/** Flags of every command that talks to KFP. */
export const CONNECTION_OPTIONS: OptionSpec = {
  host: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  cookie: { type: 'string' },
  header: { type: 'string', multiple: true },
  'ca-file': { type: 'string' },
  insecure: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
};

/** Help text of {@link CONNECTION_OPTIONS}. */
export const CONNECTION_USAGE = `Connection (also from the environment):
      --host <url>         KFP API, e.g. https://kubeflow.example.com/pipeline ($KF_PIPELINES_ENDPOINT)
  -n, --namespace <ns>     profile namespace in multi-user installs ($KF_PIPELINES_NAMESPACE)
      --token <token>      bearer token, audience pipelines.kubeflow.org ($KF_PIPELINES_TOKEN)
      --token-file <file>  token file, re-read on 401 ($KF_PIPELINES_SA_TOKEN_PATH)
      --cookie <k=v>       session cookie, e.g. oauth2_proxy_kubeflow=… ($KF_PIPELINES_COOKIE)
      --header <k=v>       extra header, repeatable (e.g. kubeflow-userid=alice@example.com)
      --ca-file <pem>      trust this CA;  --insecure  skip TLS verification
      --json               print JSON (secrets redacted);  --verbose  log requests to stderr`;

const str = (v: ParsedArgs['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** The strings of a repeatable flag. */
export function many(v: ParsedArgs['values'][string]): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** The namespace flag or `$KF_PIPELINES_NAMESPACE`. */
export function namespaceOf(values: ParsedArgs['values'], io: CliIo): string | undefined {
  return str(values.namespace) ?? io.env.KF_PIPELINES_NAMESPACE;
}

/** A client from the connection flags and the environment. */
export function connect(values: ParsedArgs['values'], io: CliIo): KfpClient {
  const host = str(values.host) ?? io.env.KF_PIPELINES_ENDPOINT;
  if (!host)
    throw new KiteError('INVALID_ARGUMENT', 'no Kubeflow Pipelines address', {
      hint: 'pass --host https://<kubeflow>/pipeline (or set KF_PIPELINES_ENDPOINT)',
    });
  const headers: Record<string, string> = {};
  for (const h of many(values.header)) {
    const eq = h.indexOf('=');
    if (eq <= 0) throw new KiteError('INVALID_ARGUMENT', `--header '${h}': write name=value`);
    headers[h.slice(0, eq).trim()] = h.slice(eq + 1).trim();
  }
  const given: NonNullable<KfpClientOptions['auth']> = {};
  const token = str(values.token);
  const tokenFile = str(values['token-file']);
  const cookie = str(values.cookie);
  if (token) given.token = token;
  if (tokenFile) given.tokenFile = tokenFile;
  if (cookie) given.cookie = cookie;
  if (Object.keys(headers).length > 0) given.headers = headers;
  const options: KfpClientOptions = { host, auth: authFromEnv(given, io.env), signal: io.signal };
  const caFile = str(values['ca-file']);
  if (caFile || values.insecure)
    options.tls = { ...(caFile ? { caFile } : {}), insecure: values.insecure === true };
  if (values.verbose) {
    const line = (level: string) => (m: string) => io.stderr(`${level} ${client.redactor.text(m)}\n`);
    options.logger = { debug: line('DEBUG'), info: line('INFO '), warn: line('WARN '), error: line('ERROR') };
  }
  const client = new KfpClient(options);
  return client;
}

/** Prints a value as redacted, indented JSON. */
export function printJson(client: KfpClient, io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(client.redactor.json(value), null, 2)}\n`);
}

/** Prints rows as aligned columns (secrets redacted). */
export function printTable(client: KfpClient, io: CliIo, header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const text = all.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  io.stdout(`${client.redactor.text(text.join('\n'))}\n`);
}

/** The single positional argument of a command, or a usage error. */
export function onePositional(args: ParsedArgs, what: string, usage: string): string {
  const [first, ...rest] = args.positionals;
  if (!first || rest.length > 0)
    throw new KiteError(
      'INVALID_ARGUMENT',
      first ? `expected one ${what}, got ${args.positionals.length}` : `missing the ${what}`,
      {
        hint: usage,
      },
    );
  return first;
}

/** `--param k=v` flags typed by the declared pipeline inputs. */
export function paramsOf(
  values: ParsedArgs['values'],
  declared: Record<string, string>,
): Record<string, unknown> {
  return parseParams(many(values.param), declared);
}

/** The KFP UI page of a run (the UI serves `#/runs/details/<id>` next to the API). */
export function runUrl(host: string, runId: string): string {
  return `${host.replace(/\/+$/, '')}/#/runs/details/${runId}`;
}
