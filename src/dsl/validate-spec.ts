/** Checks of names and port specs, done when a component or pipeline is defined. */
import type { Issue } from '../core/index.js';
import { ARTIFACT_SCHEMAS, literalMatches, PARAM_TYPES, type Ports } from './ports.js';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PORT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A component or pipeline name must be a KFP-friendly kebab-case name. */
export function checkName(name: unknown, what: string): Issue[] {
  if (typeof name !== 'string' || !NAME.test(name)) {
    return [
      {
        code: 'INVALID_NAME',
        path: `${what} '${String(name)}'`,
        message: `name must be lower-case letters, digits and dashes (like 'train-cnn')`,
      },
    ];
  }
  return [];
}

/** Port names must be identifiers; ports must come from `param.*` / `artifact.*`. */
export function checkPorts(ports: Ports, where: string): Issue[] {
  const issues: Issue[] = [];
  const schemas = new Set<string>(Object.values(ARTIFACT_SCHEMAS));
  for (const [name, port] of Object.entries(ports ?? {})) {
    const path = `${where}.${name}`;
    if (!PORT_NAME.test(name) || name.startsWith('pipelinechannel--')) {
      issues.push({
        code: 'INVALID_NAME',
        path,
        message: 'port names must be identifiers (letters, digits, _)',
      });
    }
    if (port?.kind === 'param') {
      if (!(PARAM_TYPES as readonly string[]).includes(port.type)) {
        issues.push({ code: 'INVALID_PORT', path, message: `unknown parameter type '${port.type}'` });
      } else if (port.default !== undefined && !literalMatches(port.type, port.default)) {
        issues.push({
          code: 'TYPE_MISMATCH',
          path,
          message: `default ${JSON.stringify(port.default)} is not a ${port.type}`,
        });
      }
    } else if (port?.kind === 'artifact') {
      if (!schemas.has(port.schemaTitle))
        issues.push({ code: 'INVALID_PORT', path, message: `unknown artifact type '${port.schemaTitle}'` });
    } else {
      issues.push({ code: 'INVALID_PORT', path, message: 'not a port: use param.*() or artifact.*()' });
    }
  }
  return issues;
}
