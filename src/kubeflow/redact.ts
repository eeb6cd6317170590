/**
 * Keeps secrets (tokens, cookies, sensitive headers) out of everything Kite prints: log lines,
 * error messages, `--json` output. A {@link Redactor} knows the secret strings of one
 * connection and replaces every occurrence with `***`.
 */

/** Header names whose values are secrets. */
const SECRET_HEADER = /^(authorization|cookie|proxy-authorization|x-api-key)$|token|secret|password|session/i;

/** True when a header's value must never be shown. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/** Replaces known secret strings in text and in JSON-like values. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Adds a secret (and, for `name=value` cookies, each value); short strings are ignored. */
  add(secret: string | undefined): void {
    if (!secret) return;
    const s = secret.trim();
    if (s.length >= 4) this.secrets.add(s);
    for (const part of s.split(';')) {
      const eq = part.indexOf('=');
      const value = eq >= 0 ? part.slice(eq + 1).trim() : '';
      if (value.length >= 4) this.secrets.add(value);
    }
  }

  /** The text with every secret replaced by `***`, longest first. */
  text(value: string): string {
    let out = value;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1***');
  }

  /** A deep copy of a JSON-like value with secrets redacted in every string. */
  json<T>(value: T): T {
    return JSON.parse(this.text(JSON.stringify(value) ?? 'null')) as T;
  }

  /** Headers for display: secret header values hidden, others redacted. */
  headers(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, isSecretHeader(k) ? '***' : this.text(v)]),
    );
  }
}
