import { createOcrEngine, type OcrEngine } from "./ocr/engine.ts";
import type { Services } from "./types.ts";

export interface ServiceOptions {
  /** OCR workers; default: the number of cores. */
  ocrWorkers?: number;
  onPage?: Services["onPage"];
}

export function createServices(options: ServiceOptions = {}): Services {
  let engine: Promise<OcrEngine> | undefined;
  return {
    onPage: options.onPage,
    ocrEngine() {
      return (engine ??= createOcrEngine({ workers: options.ocrWorkers, verticalText: true }));
    },
    async close() {
      if (engine) await (await engine).terminate();
      engine = undefined;
    },
  };
}
