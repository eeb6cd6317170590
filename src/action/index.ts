/**
 * # action (layer 4)
 *
 * Kite's GitHub Action: every commit runs the pipeline — on the runner (`mode: local`) or on
 * Kubeflow Pipelines (`mode: kubeflow`) — and reports back: annotations that point at the
 * cause, outputs (`run-id`, `run-url`, `state`, `metrics`, `passed`, `mode`), a job summary,
 * and one pull-request comment updated on every push. `action.yml` at the repository root runs
 * the bundle `dist-action/index.mjs` (built by `scripts/bundle-action.mjs` from `entry.ts`).
 *
 * ## Design decision: the engine is the user's installed Kite, not a bundled copy
 * A JavaScript action runs from its own checkout with no `npm install`. Bundling all of Kite
 * does not work: the local store needs `better-sqlite3` (native, built per platform by
 * `npm ci`), data checks need DuckDB (native), and above all the user's `pipeline.ts` does
 * `import … from 'kite'` — that import resolves to the user's own install, and pipelines,
 * components and the compiler must be one copy of Kite (the same reason `loadPipeline` shares
 * one module graph). So the bundle holds only the action shell (inputs, policy, gates,
 * report, GitHub REST; ~tens of KB plus `yaml`), and `engine.ts` imports `kite/compiler`,
 * `kite/orchestrator`, `kite/store` and `kite/kubeflow` from the working directory's
 * `node_modules` at run time. Workflows run `npm ci` before the step; the action fails with
 * a message saying so when Kite is not installed. The end-to-end test (`test/action/`) runs
 * the bundle with `node` in a project whose `node_modules/kite` is this repository's build.
 * Nothing is spawned through a shell: local runs are in process, Kubeflow runs are REST calls.
 *
 * ## Files
 * - `toolkit.ts` — inputs (`INPUT_*`), outputs (`$GITHUB_OUTPUT` heredocs), job summary,
 *   workflow commands (annotations, `::add-mask::`, groups) with the runner's escaping.
 * - `inputs.ts` — {@link readInputs}: every input checked at once. `context.ts` — the GitHub
 *   context and {@link decideMode}: `kubeflow` is refused on `pull_request_target` unless
 *   `allow-pull-request-target`, and on a fork's pull request (no secrets) it follows
 *   `fork-mode` (`local` by default).
 * - `engine.ts` — {@link KiteEngine} and {@link loadInstalledEngine}. Tests pass an engine
 *   built from the sources instead.
 * - `run-local.ts` / `run-kubeflow.ts` — one {@link RunOutcome} each: tasks, metrics (numbers of
 *   `system.Metrics` outputs), data checks (scan results of `check-data` tasks; a FAILED one
 *   kept none, so `rescan.ts` scans its stored input again for each check's `file:line`),
 *   Markdown reports, the best trial of tuning tasks (its metrics gate like any other),
 *   HTML outputs listed by path, and the graph (`graph.ts`, Mermaid, from the compiled spec).
 * - `gates.ts` — `thresholds` (`evaluate.accuracy >= 0.8`) and the `data-checks` policy →
 *   findings; `main.ts` adds failed tasks (pointing at the user's stack frame) and annotates.
 * - `summary.ts` — the Markdown report (escaped; ≤ 60 000 chars for the comment).
 * - `source-engine.ts` / `testing.ts` — the engine from this checkout's sources and a fake
 *   runner (buffers + real `$GITHUB_OUTPUT`/summary/event files) for tests.
 * - `comment.ts` — create-or-update of the comment marked `<!-- kite-action:<hash> -->`.
 *
 * ## Left to do
 * - Kubeflow mode reports task states only: metrics and data-check results live in KFP's
 *   MLMD, which its REST API does not serve; thresholds there are "not evaluated" (a failure).
 * - Explanation plots (HTML/SVG) are listed, not shown: summaries and comments strip SVG and
 *   GitHub has no image upload API; an image host (or the report module) would fix that.
 * - OIDC token exchange for KFP behind a cloud identity proxy (pass `kfp-token` for now).
 */
export { type CommentTarget, commentMarker, upsertComment } from './comment.js';
export { decideMode, type GitHubContext, type ModeDecision, readContext } from './context.js';
export { type KiteEngine, loadInstalledEngine } from './engine.js';
export { evaluateGates, type GateFinding, parseThresholds, type Threshold } from './gates.js';
export { type ActionInputs, type Mode, readInputs } from './inputs.js';
export { type ActionDeps, runAction } from './main.js';
export type { DataCheckOutcome, MetricOutcome, RunOutcome, TaskOutcome } from './outcome.js';
export { renderReport } from './summary.js';
export { type ActionIo, annotate, appendSummary, getInput, mask, processIo, setOutput } from './toolkit.js';
