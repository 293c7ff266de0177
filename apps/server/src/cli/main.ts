import { runCli } from './pipecraft.js';

const code = await runCli(process.argv.slice(2), undefined, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
process.exit(code);
