/** Parse + validate in one call, for CLI commands (kept apart so the validator does not load the YAML parser). */
import { errorsOf, fail, ok, type Result } from '../core/index.js';
import { locateIssues, type ParsedPipeline, tryParsePipelineSpec } from './parse.js';
import { validatePipelineDocument } from './validate.js';

/**
 * Parse + validate a compiled pipeline file in one step, with every issue (syntax, structure,
 * references) located at `file:line:col path`. `ok` is false when there is any error; warnings
 * ride along either way. This is what a CLI command should call on a `.yaml` / `.json` file.
 *
 * @example
 * ```ts
 * const result = checkPipelineText(readFileSync(file, 'utf8'), file);
 * if (!result.ok) { io.err(formatIssues(result.issues)); return 1; }
 * ```
 */
export function checkPipelineText(text: string, fileName: string): Result<ParsedPipeline> {
  const parsed = tryParsePipelineSpec(text, fileName);
  if (!parsed.ok) return parsed;
  const issues = [
    ...parsed.value.warnings,
    ...locateIssues(validatePipelineDocument(parsed.value), parsed.value),
  ];
  return errorsOf(issues).length > 0 ? fail(issues) : ok(parsed.value, issues);
}
