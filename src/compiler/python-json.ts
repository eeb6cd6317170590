/**
 * JSON written as Python's `json.dumps` writes it (`", "` and `": "` separators), which is how
 * KFP's SDK writes literal loop lists (`parameterIterator.items.raw`).
 */
import type { JsonValue } from '../ir/index.js';

export function pythonJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}
