#!/usr/bin/env node
// Enforces the layer map of ARCHITECTURE.md on src/: a module imports only from its own layer
// or below (never upward), and modules never import each other in a cycle. Tests are left out:
// they are not part of the shipped import graph.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = {
  core: 0,
  stats: 1,
  ir: 1,
  store: 1,
  dsl: 2,
  compiler: 3,
  executor: 3,
  orchestrator: 3,
  kubeflow: 3,
  quality: 3,
  automl: 3,
  models: 3,
  explain: 3,
  report: 3,
  cli: 4,
  action: 4,
  dashboard: 4,
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (/\.(ts|mts|tsx)$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name)) yield p;
  }
}

const moduleOf = (file) => {
  const rel = relative(src, file).split(sep);
  return rel.length === 1 ? '(root)' : rel[0];
};

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

const problems = [];
const edges = new Map();
for (const file of walk(src)) {
  const from = moduleOf(file);
  if (from !== '(root)' && !(from in LAYERS)) {
    problems.push(
      `${relative(root, file)}: module '${from}' is not in the layer map (scripts/check-layers.mjs)`,
    );
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec === 'kite' || spec.startsWith('kite/')) {
      problems.push(`${relative(root, file)}: imports '${spec}' by package name; use a relative import`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(src + sep)) continue;
    const to = moduleOf(target);
    if (to === from) continue;
    if (to === '(root)') {
      problems.push(`${relative(root, file)}: imports the package root '${spec}'; import the module instead`);
      continue;
    }
    if (from === '(root)') continue;
    if (LAYERS[to] > LAYERS[from]) {
      problems.push(
        `${relative(root, file)}: '${from}' (layer ${LAYERS[from]}) imports '${to}' (layer ${LAYERS[to]}) — upward import`,
      );
    }
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
  }
}

// Cycles between modules (depth-first search with colours).
const colour = new Map();
const stack = [];
function visit(node) {
  colour.set(node, 'grey');
  stack.push(node);
  for (const next of edges.get(node) ?? []) {
    if (colour.get(next) === 'grey') {
      problems.push(`import cycle: ${[...stack.slice(stack.indexOf(next)), next].join(' → ')}`);
    } else if (!colour.has(next)) visit(next);
  }
  stack.pop();
  colour.set(node, 'black');
}
for (const node of edges.keys()) if (!colour.has(node)) visit(node);

if (problems.length > 0) {
  console.error(`layer check: ${problems.length} problem(s)\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `layer check: ok (${edges.size} modules with cross-module imports, no upward imports, no cycles)`,
);
