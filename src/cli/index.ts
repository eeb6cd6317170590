/**
 * # cli (layer 4)
 *
 * A thin shell: each command parses its flags and calls the same public functions a library
 * user would. One file per command under `commands/`, registered in `commands/index.ts`.
 * `runCli(argv, io)` is the whole CLI as a function (tests call it with buffers); `main.ts`
 * binds it to the process. Errors: a `KiteError` from user input prints its message (and hint)
 * and exits 1; anything else is an internal error and prints its stack.
 */
export { helpText, runCli } from './app.js';
export type { CliIo, Command, ParsedArgs } from './command.js';
export { type CapturedRun, type CaptureOptions, runCliCaptured } from './run-captured.js';
