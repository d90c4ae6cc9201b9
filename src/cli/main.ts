/** Entry point of `portal-desk` and `npm run cli --`: see run-cli.ts. */
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
