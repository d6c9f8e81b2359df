import { runJsonGoBench } from './jsonGo.bench';
import { runLcovBench } from './lcov.bench';
import { runWorkerBench } from './worker.bench';
import { runXmlBench } from './xml.bench';

/** `npm run bench`: every benchmark in one run, one table each. */
async function main(): Promise<void> {
  runLcovBench();
  console.log();
  runXmlBench();
  console.log();
  runJsonGoBench();
  console.log();
  await runWorkerBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
