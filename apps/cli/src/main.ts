#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { runCli } from './program.js';

const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  async confirm(question: string): Promise<boolean> {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await prompt.question(question)).trim());
    } finally {
      prompt.close();
    }
  },
};

try {
  process.exitCode = await runCli(process.argv.slice(2), undefined, io);
} catch (error) {
  // Unexpected: one line, no stack (LOG_LEVEL=debug shows the logs of what led here).
  process.stderr.write(`pipecraft: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
