// The batch's shared services, created on the first document that needs them: importing the
// pipeline (pdf.js, tesseract.js, the lexicons) costs half a second, which a run that finds every
// document current should not pay.
import type { Services } from "../../pipeline/types.ts";

export function lazyServices(options: { onPage?: Services["onPage"] }): Services {
  let real: Promise<Services> | null = null;
  const get = () => (real ??= import("../../pipeline/services.ts").then((m) => m.createServices(options)));
  return {
    ocrEngine: async () => (await get()).ocrEngine(),
    onPage: options.onPage,
    close: async () => {
      if (real) await (await real).close();
    },
  };
}
