/** Entry point of `portal-desk` and `npm run cli --`: see run-cli.ts. */
import { loadEnvFile } from '../env-file.ts';
import { runCli } from './run-cli.ts';

loadEnvFile();

process.exitCode = await runCli(process.argv.slice(2));
