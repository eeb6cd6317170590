/**
 * The Markdown report of a run — job summary and pull-request comment alike: verdict, gate
 * findings, the task tree with states and durations, metrics, data checks, and the Markdown
 * reports tasks wrote. Everything that came from the run or the event is escaped.
 */
import type { GateFinding } from './gates.js';
import type { RunOutcome, TaskOutcome } from './outcome.js';

/** GitHub's limit on a comment body is 65 536 characters; stay clear of it. */
export const MAX_COMMENT_CHARS = 60_000;

/** Rows per table: a 1 000-task loop must not push the report past the comment limit. */
const MAX_ROWS = 150;

const ICON: Record<string, string> = {
  SUCCEEDED: '✅',
  CACHED: '♻️',
  FAILED: '❌',
  CANCELED: '⏹️',
  SKIPPED: '⏭️',
  RUNNING: '⏳',
  PENDING: '⏳',
  SUBMITTED: '🚀',
};

/** Escapes text for a Markdown table cell or inline use (no HTML, no table breaks). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[`*_[\]]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, '<br>');
}

/** `1.2 s`, `3 min 4 s`. */
export function formatSeconds(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString();
}

/** Tasks as a tree table: nesting (loops, conditions, exit handlers) shown by indentation. */
function taskRows(tasks: readonly TaskOutcome[]): string[] {
  const rows = ['| Task | State | Duration |', '| --- | --- | --- |'];
  // In the order the run created them: dependency order, loops in iteration order.
  for (const t of tasks.slice(0, MAX_ROWS)) {
    const parts = t.path.split('/');
    const name = parts[parts.length - 1] ?? t.path;
    const groups = parts
      .slice(0, -1)
      .filter((p) => !/^(exit-handler|condition|condition-branches)-\d+$/.test(p));
    const indent = '&nbsp;&nbsp;'.repeat(groups.length);
    const where = groups.length > 0 ? ` <sub>${escapeMarkdown(groups.join(' › '))}</sub>` : '';
    const error = t.error
      ? `<br><sub>${escapeMarkdown(t.error.split('\n')[0]?.slice(0, 200) ?? '')}</sub>`
      : '';
    rows.push(
      `| ${indent}${escapeMarkdown(name)}${where}${error} | ${ICON[t.state] ?? ''} ${t.state} | ${formatSeconds(t.durationMs)} |`,
    );
  }
  if (tasks.length > MAX_ROWS) rows.push(`| _… ${tasks.length - MAX_ROWS} more tasks_ | | |`);
  return rows;
}

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** Link to the workflow run on GitHub. */
  workflowRunUrl?: string;
  /** The commit the run was for. */
  sha?: string;
  /** Why the mode differs from the input (fork pull request, …). */
  modeNote?: string;
  /** Upper bound on the length of the embedded task reports. */
  maxChars?: number;
}

/** The whole report as Markdown. */
export function renderReport(
  outcome: RunOutcome,
  findings: readonly GateFinding[],
  passed: boolean,
  options: ReportOptions = {},
): string {
  const lines: string[] = [];
  const verdict = passed ? '✅ passed' : '❌ failed';
  lines.push(`### Kite · ${escapeMarkdown(outcome.pipelineName)} — ${verdict}`, '');
  const facts = [
    `**${ICON[outcome.state] ?? ''} ${outcome.state}**`,
    `mode \`${outcome.mode}\``,
    outcome.runUrl ? `run [${escapeMarkdown(outcome.runId)}](${outcome.runUrl})` : `run \`${outcome.runId}\``,
    `${formatSeconds(outcome.seconds * 1000)}`,
  ];
  if (options.sha) facts.push(`commit \`${options.sha.slice(0, 7)}\``);
  if (options.workflowRunUrl) facts.push(`[workflow run](${options.workflowRunUrl})`);
  lines.push(facts.join(' · '), '');
  if (options.modeNote) lines.push(`> ${escapeMarkdown(options.modeNote)}`, '');
  if (outcome.error && outcome.state !== 'SUCCEEDED')
    lines.push(`> **Error:** ${escapeMarkdown(outcome.error.split('\n')[0] ?? '')}`, '');
  if (findings.length > 0) {
    lines.push('#### Gates', '');
    for (const f of findings) {
      const icon = f.level === 'error' ? '❌' : f.level === 'warning' ? '⚠️' : 'ℹ️';
      const at = f.where?.file ? ` (\`${f.where.file}${f.where.line ? `:${f.where.line}` : ''}\`)` : '';
      lines.push(`- ${icon} **${escapeMarkdown(f.title)}**: ${escapeMarkdown(f.message)}${at}`);
    }
    lines.push('');
  }
  if (outcome.graph && outcome.graph.length < 20_000)
    lines.push('#### Graph', '', '```mermaid', outcome.graph, '```', '');
  if (outcome.tasks.length > 0) lines.push('#### Tasks', '', ...taskRows(outcome.tasks), '');
  if (outcome.metrics.length > 0) {
    lines.push('#### Metrics', '', '| Task | Metric | Value |', '| --- | --- | ---: |');
    for (const m of outcome.metrics.slice(0, MAX_ROWS))
      lines.push(`| ${escapeMarkdown(m.task)} | ${escapeMarkdown(m.name)} | ${formatNumber(m.value)} |`);
    lines.push('');
  }
  if (outcome.dataChecks.length > 0) {
    const icon = { pass: '✅', warn: '⚠️', fail: '❌', 'not evaluated': '❔' } as const;
    lines.push('#### Data checks', '', '| Task | Check | Outcome |', '| --- | --- | --- |');
    for (const c of outcome.dataChecks.slice(0, MAX_ROWS))
      lines.push(
        `| ${escapeMarkdown(c.task)} | ${escapeMarkdown(c.name)} | ${icon[c.outcome]} ${c.outcome} |`,
      );
    lines.push('');
  }
  if (outcome.tuning.length > 0) {
    lines.push('#### Tuning (best trial)', '', '| Task | Parameters | Metrics |', '| --- | --- | --- |');
    for (const t of outcome.tuning) {
      const params = Object.entries(t.bestParameters).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
      const metrics = Object.entries(t.bestMetrics).map(([k, v]) => `${k} = ${formatNumber(v)}`);
      lines.push(
        `| ${escapeMarkdown(t.task)} | ${escapeMarkdown(params.join(', '))} | ${escapeMarkdown(metrics.join(', '))} |`,
      );
    }
    lines.push('');
  }
  if (outcome.artifacts.length > 0) {
    lines.push('#### Artifacts', '', '| Task | Output | Path on the runner |', '| --- | --- | --- |');
    for (const a of outcome.artifacts.slice(0, MAX_ROWS))
      lines.push(
        `| ${escapeMarkdown(a.task)} | ${escapeMarkdown(a.port)} (${a.type}) | \`${a.path.replace(/`/g, "'")}\` |`,
      );
    lines.push(
      '',
      '_Upload them with `actions/upload-artifact` (path: the `root` input, `.kite/artifacts`) to keep them._',
      '',
    );
  }
  let budget = (options.maxChars ?? MAX_COMMENT_CHARS) - lines.join('\n').length;
  for (const r of outcome.reports) {
    const body = r.markdown.length > 8000 ? `${r.markdown.slice(0, 8000)}\n\n…(truncated)` : r.markdown;
    const block = `<details><summary>${escapeMarkdown(r.title)}</summary>\n\n${body}\n\n</details>\n`;
    if (block.length > budget) {
      lines.push(`_${outcome.reports.length} task report(s) left out: the report is at its size limit._`);
      break;
    }
    budget -= block.length;
    lines.push(block);
  }
  return `${lines.join('\n')}\n`;
}
