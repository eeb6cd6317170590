/**
 * Finds the code behind an executor of a compiled spec: Kite executors run
 * `kite execute --executor_input {{$}} --component <name> --digest <d> --module <file>`, so the
 * component is `<name>` in `<file>` (imported once per file), or in the map the caller passed.
 */
import { componentDigest, importModule } from '../compiler/index.js';
import { KiteError } from '../core/index.js';
import type { AnyComponent } from '../dsl/index.js';
import { findComponent } from '../executor/index.js';
import type { PipelineContainerSpec } from '../ir/index.js';

/** The `kite execute` arguments of an executor, when it is one of Kite's. */
export interface KiteExecutorArgs {
  component: string;
  digest?: string;
  module?: string;
}

/** Reads `--component`, `--digest` and `--module` from a Kite executor; undefined for other containers. */
export function kiteExecutorArgs(container: PipelineContainerSpec): KiteExecutorArgs | undefined {
  const command = [...(container.command ?? []), ...(container.args ?? [])];
  if (command[0] !== 'kite' || command[1] !== 'execute') return undefined;
  const get = (flag: string): string | undefined => {
    const i = command.indexOf(flag);
    return i >= 0 ? command[i + 1] : undefined;
  };
  const component = get('--component');
  if (!component) return undefined;
  const out: KiteExecutorArgs = { component };
  const digest = get('--digest');
  const module = get('--module');
  if (digest) out.digest = digest;
  if (module) out.module = module;
  return out;
}

/** Resolves components from a caller's map or by importing executor modules (cached). */
export class ComponentSource {
  private readonly modules = new Map<string, Promise<Record<string, unknown>>>();
  private readonly digests = new Map<AnyComponent, string>();

  constructor(
    private readonly components: ReadonlyMap<string, AnyComponent> | undefined,
    private readonly cwd: string,
  ) {}

  /** The component an executor runs. */
  async resolve(args: KiteExecutorArgs): Promise<AnyComponent> {
    const known = this.components?.get(args.component);
    if (known) return known;
    if (!args.module) {
      throw new KiteError('NOT_FOUND', `no code for component '${args.component}'`, {
        hint: 'compile with --module <pipeline file> or run the .ts pipeline file directly',
      });
    }
    let mod = this.modules.get(args.module);
    if (!mod) {
      mod = importModule(args.module, this.cwd);
      this.modules.set(args.module, mod);
    }
    return findComponent(await mod, args.component, args.module);
  }

  /** The digest of a component's spec and code as it is now (cached per component). */
  digestOf(c: AnyComponent): string {
    let d = this.digests.get(c);
    if (!d) {
      d = componentDigest(c);
      this.digests.set(c, d);
    }
    return d;
  }
}
