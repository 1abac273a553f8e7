/** Producer slowdown: the classic makefile-redirected Python script, timed into a sink. */
import { startCoreHost } from '../lib/core-client.ts';
import { runPythonProducer, uniqueMarker } from '../lib/proc.ts';
import { startRawSink } from '../lib/sink.ts';

/** Seconds the script's print loop takes into the raw sink. */
export async function pythonIntoRaw(lines: number): Promise<number> {
  const sink = await startRawSink();
  try {
    return await runPythonProducer(sink.port, lines, uniqueMarker('py'));
  } finally {
    await sink.close();
  }
}

/** Seconds the script's print loop takes into Porthole's core. */
export async function pythonIntoCore(lines: number): Promise<number> {
  const core = await startCoreHost();
  try {
    const s = await runPythonProducer(core.port, lines, uniqueMarker('py'));
    await core.waitLines(1, lines, 120_000);
    return s;
  } finally {
    await core.close();
  }
}
