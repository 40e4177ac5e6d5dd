// A worker process of the batch: extracts one document at a time for the parent, which owns the
// archive. Whatever happens here (a native crash in a decoder, memory running away, a page that
// never finishes) costs this process, which the parent kills and replaces, never the batch.
import type { Job } from "../model/job.ts";
import { toArkivError } from "../model/errors.ts";
import { recordSummary, type WorkerReply, type WorkerRequest } from "./protocol.ts";

const ocrWorkers = Number(process.env.ARKIV_OCR_WORKERS) || 1;
const { createServices, extract } = await import("../../pipeline/index.ts");
const services = createServices({
  ocrWorkers,
  onPage: (relPath, done, total) => send({ type: "page", relPath, done, total }),
});

function send(message: WorkerReply): void {
  process.send?.(message);
}

async function handle(job: Job): Promise<void> {
  send({ type: "started" });
  try {
    const emitted = await extract(job.source, job.options, services);
    send({ type: "done", json: emitted.json, markdown: emitted.markdown, summary: recordSummary(emitted.record) });
  } catch (err) {
    const e = toArkivError(err);
    send({ type: "failed", code: e.code, message: e.message });
  }
}

// The batch decides when a worker stops. A terminal's Ctrl-C (the whole process group) or
// systemd's SIGTERM (the whole cgroup) reaches this process too: the batch hears it and kills its
// workers at once, so it is ignored here. If the batch itself is gone (killed), the IPC channel
// closes and the worker exits at once instead of finishing its page for nobody.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
process.on("disconnect", () => process.exit(1));

process.on("message", (message: WorkerRequest) => {
  if (message.type === "job") void handle(message.job);
  else if (message.type === "stop") void services.close().finally(() => process.exit(0));
});
// What every document needs is loaded before the worker says it is ready, so no document's time
// limit pays for it: the Danish lexicon the repair stage reads.
const { danishLexicon } = await import("../../pipeline/repair/lexicon.ts");
danishLexicon();
send({ type: "ready" });
