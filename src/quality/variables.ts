/**
 * `${VAR}` resolution as Soda does it: the environment first, then scan variables
 * (`variables:` section, `--var K=V`), plus `NOW` (the scan start time).
 */

/** Looks a variable up: environment first, then scan variables. */
export type VariableLookup = (name: string) => string | undefined;

/** Builds the lookup for one scan. */
export function variableLookup(
  env: Readonly<Record<string, string | undefined>>,
  scanVariables: Readonly<Record<string, string>>,
): VariableLookup {
  return (name) => env[name] ?? scanVariables[name];
}

const PATTERN = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}|\$\{\s*env_var\(\s*['"]([^'"]+)['"]\s*\)\s*\}/g;

/**
 * Replaces every `${NAME}` (and `${env_var('NAME')}`) in `text`; names that are not defined
 * are left as written and reported through `missing`.
 *
 * @example
 * ```ts
 * resolveVariables('cst_size ${op}', (n) => (n === 'op' ? '>= -5' : undefined)); // 'cst_size >= -5'
 * ```
 */
export function resolveVariables(
  text: string,
  lookup: VariableLookup,
  missing?: (name: string) => void,
): string {
  return text.replace(PATTERN, (whole, name: string | undefined, envName: string | undefined) => {
    const key = name ?? envName!;
    const value = lookup(key);
    if (value === undefined) {
      missing?.(key);
      return whole;
    }
    return value;
  });
}
