/** Finds a component by name among what a pipeline module exports. */
import { componentsOf } from '../compiler/index.js';
import { KiteError } from '../core/index.js';
import { type AnyComponent, isComponent, isPipeline } from '../dsl/index.js';

/** Every component a module exports directly or uses in an exported pipeline, by name. */
export function componentsInModule(mod: Record<string, unknown>): Map<string, AnyComponent> {
  const found = new Map<string, AnyComponent>();
  for (const value of Object.values(mod)) {
    if (isComponent(value)) found.set(value.name, value);
    else if (isPipeline(value)) for (const [name, c] of componentsOf(value)) found.set(name, c);
  }
  return found;
}

/** The component named `name` in a module, or a `KiteError` listing what is there. */
export function findComponent(mod: Record<string, unknown>, name: string, file: string): AnyComponent {
  const all = componentsInModule(mod);
  const c = all.get(name);
  if (!c) {
    throw new KiteError('NOT_FOUND', `${file} has no component named '${name}'`, {
      hint:
        all.size > 0 ? `it has: ${[...all.keys()].sort().join(', ')}` : 'export the pipeline that uses it',
    });
  }
  return c;
}
