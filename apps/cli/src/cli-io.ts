/** Where a command writes and what it may ask; the real terminal in main.ts, buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: progress lines and questions are for people only. */
  isTTY: boolean;
  /** Asks a yes/no question on the terminal; absent when there is none to ask. */
  confirm?(question: string): Promise<boolean>;
}

/** A problem the command explains itself: printed as one message, then the exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
