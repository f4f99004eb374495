/**
 * The guard every command runs in: a {@link Refusal} is shown as a warning
 * and logged as information; any other failure is logged with its stack and
 * shown as an error. A command never rejects into VS Code.
 */

import { Refusal } from '../core/errors';

/** Where the guard reports. In the extension: the output channel and `vscode.window`'s messages. */
export interface GuardSink {
  info(message: string): void;
  error(error: Error | string): void;
  showWarning(message: string): void;
  showError(message: string): void;
}

/** A command handler, as VS Code calls it. */
export type CommandHandler = (...args: unknown[]) => unknown;

/** Wraps `handler` so that it resolves to its result, or to undefined after reporting what went wrong. */
export function guardCommand(id: string, handler: CommandHandler, sink: GuardSink): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof Refusal) {
        sink.info(`${id} refused: ${error.message}`);
        sink.showWarning(error.message);
        return undefined;
      }
      sink.error(error instanceof Error ? error : String(error));
      const message = error instanceof Error ? error.message : String(error);
      sink.showError(`Seed Annotator: ${writeProblem(message)}`);
      return undefined;
    }
  };
}

function writeProblem(message: string): string {
  if (/EACCES|EPERM|EROFS|NoPermissions/i.test(message)) return `cannot write the sidecar: permission denied (${message})`;
  return message;
}
