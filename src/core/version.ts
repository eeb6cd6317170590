import { readFileSync } from 'node:fs';

function readVersion(): string {
  // Same file from src/ (tests) and dist/ (installed): both sit two levels below the root.
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/** The package version, from package.json. */
export const VERSION: string = readVersion();
