/**
 * A small CEL evaluator for what KFP's compiler writes into a PipelineSpec: trigger conditions
 * (`int(inputs.parameter_values['pipelinechannel--x']) < 5`, `!(a) && b`) and parameter
 * expression selectors (`parseJson(string_value)["A_a"]`). Supported: string / number / bool /
 * null literals, identifiers resolved from a variable table, member (`a.b`) and index (`a['k']`,
 * `a[0]`) access, calls `int()`, `double()`, `string()`, `bool()`, `parseJson()`, `size()`,
 * `== != < <= > >=`, `! && || -`, parentheses. Anything else is a `KiteError('INVALID_SPEC')`.
 */
import { KiteError } from '../core/index.js';

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '-'];

function fail(expr: string, why: string): never {
  throw new KiteError('INVALID_SPEC', `cannot evaluate CEL '${expr}': ${why}`);
}

function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < expr.length && expr[i] !== c) {
        if (expr[i] === '\\') {
          const n = expr[i + 1];
          s += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
          i += 2;
        } else s += expr[i++];
      }
      if (i >= expr.length) fail(expr, 'unterminated string');
      i++;
      out.push({ t: 'str', v: s });
      continue;
    }
    const num = /^(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)u?/.exec(expr.slice(i));
    if (num && /[\d.]/.test(c)) {
      out.push({ t: 'num', v: Number(num[1]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) fail(expr, `unexpected '${c}' at ${i}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Variables an expression may name (e.g. `inputs`, `string_value`). */
export type CelVariables = Record<string, unknown>;

const FUNCTIONS: Record<string, (expr: string, v: unknown) => unknown> = {
  int: (expr, v) => {
    const n = typeof v === 'string' ? Number(v.trim()) : typeof v === 'boolean' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) fail(expr, `int() of ${JSON.stringify(v)}`);
    return Math.trunc(n);
  },
  double: (expr, v) => {
    const n = typeof v === 'string' ? Number(v.trim()) : v;
    if (typeof n !== 'number' || Number.isNaN(n)) fail(expr, `double() of ${JSON.stringify(v)}`);
    return n;
  },
  string: (_expr, v) => (typeof v === 'string' ? v : JSON.stringify(v)),
  bool: (expr, v) => {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'True') return true;
    if (v === 'false' || v === 'False') return false;
    return fail(expr, `bool() of ${JSON.stringify(v)}`);
  },
  parseJson: (expr, v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return fail(expr, `parseJson() of invalid JSON ${JSON.stringify(v.slice(0, 60))}`);
    }
  },
  size: (expr, v) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v !== null && typeof v === 'object') return Object.keys(v).length;
    return fail(expr, `size() of ${JSON.stringify(v)}`);
  },
};

function compare(expr: string, op: string, a: unknown, b: unknown): boolean {
  if (op === '==' || op === '!=') {
    const eq = JSON.stringify(a) === JSON.stringify(b);
    return op === '==' ? eq : !eq;
  }
  if (!(typeof a === 'number' && typeof b === 'number') && !(typeof a === 'string' && typeof b === 'string'))
    fail(expr, `cannot order ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

/**
 * Evaluates a CEL expression against `vars`.
 *
 * @example
 * ```ts
 * evaluateCel("int(inputs.parameter_values['n']) < 5", { inputs: { parameter_values: { n: '3' } } }); // true
 * evaluateCel('parseJson(string_value)["a"]', { string_value: '{"a": 1}' }); // 1
 * ```
 */
export function evaluateCel(expr: string, vars: CelVariables): unknown {
  const tokens = tokenize(expr);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (v: string): boolean => {
    const t = tokens[pos];
    return t?.t === 'op' && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) fail(expr, `expected '${v}'`);
    pos++;
  };
  const truthy = (v: unknown): boolean => {
    if (typeof v !== 'boolean') fail(expr, `expected a boolean, got ${JSON.stringify(v)}`);
    return v;
  };

  const or = (): unknown => {
    let left = and();
    while (isOp('||')) {
      pos++;
      const right = and();
      left = truthy(left) || truthy(right);
    }
    return left;
  };
  const and = (): unknown => {
    let left = relation();
    while (isOp('&&')) {
      pos++;
      const right = relation();
      left = truthy(left) && truthy(right);
    }
    return left;
  };
  const relation = (): unknown => {
    const left = unary();
    const t = peek();
    if (t?.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      pos++;
      return compare(expr, t.v, left, unary());
    }
    return left;
  };
  const unary = (): unknown => {
    if (isOp('!')) {
      pos++;
      return !truthy(unary());
    }
    if (isOp('-')) {
      pos++;
      const v = unary();
      if (typeof v !== 'number') fail(expr, 'unary minus of a non-number');
      return -v;
    }
    return postfix();
  };
  const postfix = (): unknown => {
    let value = primary();
    for (;;) {
      if (isOp('.')) {
        pos++;
        const t = peek();
        if (t?.t !== 'id') fail(expr, 'expected a field name after .');
        pos++;
        value = member(value, t.v);
      } else if (isOp('[')) {
        pos++;
        const key = or();
        expect(']');
        value = member(value, key);
      } else return value;
    }
  };
  const member = (value: unknown, key: unknown): unknown => {
    if (value === null || typeof value !== 'object')
      fail(expr, `no field ${JSON.stringify(key)} on a non-object`);
    const v = (value as Record<string, unknown>)[String(key)];
    if (v === undefined) fail(expr, `no such key ${JSON.stringify(key)}`);
    return v;
  };
  const primary = (): unknown => {
    const t = peek();
    if (!t) return fail(expr, 'unexpected end');
    pos++;
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'op') {
      if (t.v !== '(') fail(expr, `unexpected '${t.v}'`);
      const v = or();
      expect(')');
      return v;
    }
    if (t.v === 'true') return true;
    if (t.v === 'false') return false;
    if (t.v === 'null') return null;
    if (isOp('(')) {
      const fn = FUNCTIONS[t.v];
      if (!fn) fail(expr, `unknown function ${t.v}()`);
      pos++;
      const arg = or();
      expect(')');
      return fn(expr, arg);
    }
    if (!(t.v in vars)) fail(expr, `unknown variable '${t.v}'`);
    return vars[t.v];
  };

  const result = or();
  if (pos < tokens.length) fail(expr, 'unexpected trailing input');
  return result;
}

/** Evaluates a trigger condition over a task's input parameter values; must be boolean. */
export function evaluateCondition(expr: string, parameterValues: Record<string, unknown>): boolean {
  const v = evaluateCel(expr, { inputs: { parameter_values: parameterValues } });
  if (typeof v !== 'boolean') fail(expr, `a condition must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Applies a `parameterExpressionSelector` to a value, with the variables KFP's driver offers
 * (`string_value`, `number_value`, `bool_value`, `struct_value`, `list_value`). A non-string
 * value is given to `string_value` as its JSON text.
 */
export function applySelector(expr: string, value: unknown): unknown {
  return evaluateCel(expr, {
    string_value: typeof value === 'string' ? value : JSON.stringify(value),
    number_value: value,
    bool_value: value,
    struct_value: value,
    list_value: value,
  });
}
