import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { openPageImages, type PageImageSource } from "../../pipeline/ocr/images.ts";
import type { PageImage } from "../../pipeline/ocr/types.ts";
import { ArkivError } from "../../src/model/errors.ts";

const shared = (path: string): string => fileURLToPath(new URL(`../../../shared/${path}`, import.meta.url));
const corpus = (path: string): string => shared(`corpus/${path}`);
const fuzz = (name: string): string => shared(`testdata/fuzz/sharp-images/${name}`);

const tmp = mkdtempSync(join(tmpdir(), "arkiv-images-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Opens a source, hands it to `use`, and always closes it. */
async function withSource<T>(
  path: string,
  kind: "pdf" | "image",
  use: (source: PageImageSource) => Promise<T>,
  options?: Parameters<typeof openPageImages>[2],
): Promise<T> {
  const source = await openPageImages(path, kind, options);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

async function grayPixels(path: string): Promise<Buffer> {
  return sharp(path).extractChannel(0).raw().toBuffer();
}

function meanAbsDiff(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Share of gray pixels darker than `level`. */
function darkShare(image: PageImage, level = 128): number {
  let dark = 0;
  const pixels = image.width * image.height;
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let k = 0; k < image.channels; k++) sum += image.data[p * image.channels + k]!;
    if (sum / image.channels < level) dark++;
  }
  return dark / pixels;
}

async function expectArkivError(promise: Promise<unknown>, code: string): Promise<ArkivError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArkivError);
  expect((err as ArkivError).code).toBe(code);
  return err as ArkivError;
}

// ---- a tiny PDF writer for placement cases the corpus does not have --------------------------

interface PdfImage {
  dict: string;
  data: Buffer;
}

interface PdfPage {
  size: [number, number];
  rotate?: number;
  content: string | Buffer;
  /** Image XObjects by name; a string names an image shared with other pages. */
  images?: Record<string, PdfImage | string>;
}

/** Writes a PDF: catalogue, page tree, pages with content streams, image XObjects and Helvetica as /F1. */
function buildPdf(pages: PdfPage[], shared: Record<string, PdfImage> = {}): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, "latin1"));
  const stream = (dict: string, data: Buffer): Buffer =>
    Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream")]);
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(""); // the page tree, filled in once the pages exist
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const sharedIds = Object.fromEntries(Object.entries(shared).map(([key, img]) => [key, add(stream(img.dict, img.data))]));
  const pageIds: number[] = [];
  for (const page of pages) {
    const xobjects = Object.entries(page.images ?? {}).map(([name, img]) => {
      const id = typeof img === "string" ? sharedIds[img]! : add(stream(img.dict, img.data));
      return `/${name} ${id} 0 R`;
    });
    const content = add(stream("", Buffer.isBuffer(page.content) ? page.content : Buffer.from(page.content, "latin1")));
    pageIds.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.size.join(" ")}] /Rotate ${page.rotate ?? 0} ` +
          `/Resources << /XObject << ${xobjects.join(" ")} >> /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`);
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let offset = parts[0]!.length;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    offsets.push(offset);
    offset += obj.length;
    parts.push(obj);
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("") +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(parts);
}

// A 40×20 gray image whose quadrants tell its orientation: top-left 0, top-right 85, bottom-left 170, bottom-right 255.
const QW = 40;
const QH = 20;
const quadrantPixels = Buffer.alloc(QW * QH);
for (let y = 0; y < QH; y++) {
  for (let x = 0; x < QW; x++) quadrantPixels[y * QW + x] = (y < QH / 2 ? 0 : 170) + (x < QW / 2 ? 0 : 85);
}
const quadrantImage: PdfImage = {
  dict: `/Type /XObject /Subtype /Image /Width ${QW} /Height ${QH} /ColorSpace /DeviceGray /BitsPerComponent 8`,
  data: quadrantPixels,
};
// 1-bit rows: the left half 0, the right half 1.
const halfBits = Buffer.from(Array.from({ length: QH }, () => [0x00, 0x00, 0x0f, 0xff, 0xff]).flat());

/** Gray levels at the centres of the image's four quadrants: [top-left, top-right, bottom-left, bottom-right]. */
function quadrants(image: PageImage): number[] {
  const at = (fx: number, fy: number): number =>
    image.data[(Math.floor(fy * image.height) * image.width + Math.floor(fx * image.width)) * image.channels]!;
  return [at(0.25, 0.25), at(0.75, 0.25), at(0.25, 0.75), at(0.75, 0.75)];
}

async function onePage(name: string, page: PdfPage, options?: Parameters<typeof openPageImages>[2]): Promise<PageImage> {
  const path = join(tmp, `${name}.pdf`);
  writeFileSync(path, buildPdf([page]));
  return withSource(path, "pdf", (s) => s.page(1), options);
}

// ---- the corpus --------------------------------------------------------------------------------

describe("scanned PDFs: the embedded page image at its native resolution", () => {
  it("slides-2021-2022-scan.pdf page 1 is its 150 dpi gray JPEG, with the PNG's pixels", async () => {
    await withSource(corpus("slides-2021-2022-scan.pdf"), "pdf", async (source) => {
      expect(source.pageCount).toBe(7);
      const page = await source.page(1);
      expect(page).toMatchObject({ page: 1, width: 1753, height: 1240, channels: 1, origin: "embedded-image" });
      expect(page.dpi).toBeCloseTo(150, 0);
      expect(page.pageWidth).toBeCloseTo(841.44, 1);
      expect(page.pageHeight).toBeCloseTo(595.2, 1);
      expect(page.data.length).toBe(1753 * 1240);
      // pdf.js's JPEG decoder and libjpeg's differ by one level on a few pixels.
      expect(meanAbsDiff(page.data, await grayPixels(corpus("slides-2021-2022-png/page-01.png")))).toBeLessThan(1);
    });
  });

  it("slides-2021-2022-legacy.pdf: the invisible OCR text layer does not stop the image being used", async () => {
    await withSource(corpus("slides-2021-2022-legacy.pdf"), "pdf", async (source) => {
      const page = await source.page(3);
      expect(page).toMatchObject({ width: 1753, height: 1240, channels: 1, origin: "embedded-image" });
      expect(meanAbsDiff(page.data, await grayPixels(corpus("slides-2021-2022-png/page-03.png")))).toBeLessThan(1);
    });
  });

  it("ny-socialaftale-2023-2024-scan.pdf: 200 dpi, and the sideways page keeps the orientation a viewer shows", async () => {
    await withSource(corpus("ny-socialaftale-2023-2024-scan.pdf"), "pdf", async (source) => {
      expect(source.pageCount).toBe(5);
      const first = await source.page(1);
      expect(first).toMatchObject({ width: 2338, height: 1653, origin: "embedded-image" });
      expect(first.dpi).toBeCloseTo(200, 0);
      const sideways = await source.page(2);
      expect(sideways.origin).toBe("embedded-image");
      expect(sideways.width).toBeLessThan(sideways.height);
      expect(sideways.pageWidth!).toBeLessThan(sideways.pageHeight!);
      expect(sideways.dpi).toBeCloseTo(200, 0);
    });
  });
});

describe("born-digital PDFs are rendered", () => {
  it("rammeaftale.pdf at 300 dpi: A4, mostly white with dark text", async () => {
    await withSource(corpus("rammeaftale.pdf"), "pdf", async (source) => {
      const page = await source.page(1);
      expect(page.origin).toBe("rendered");
      expect(page.dpi).toBe(300);
      // Chromium's A4 is 594.96 × 841.92 pt, so 2479 (not 2480) × 3508 pixels at 300 dpi.
      expect(page.width).toBe(Math.round((page.pageWidth! * 300) / 72));
      expect(page.width).toBeGreaterThanOrEqual(2479);
      expect(page.width).toBeLessThanOrEqual(2480);
      expect(page.height).toBe(3508);
      expect([1, 3]).toContain(page.channels);
      expect(page.data.length).toBe(page.width * page.height * page.channels);
      const dark = darkShare(page);
      expect(dark).toBeGreaterThan(0.005);
      expect(dark).toBeLessThan(0.2);
    });
  });
});

describe("placement of the page image (synthetic PDFs)", () => {
  const image = { Im0: quadrantImage };
  // [name, page, expected size, expected quadrants as the page is displayed]
  const cases: [string, PdfPage, [number, number], number[]][] = [
    ["upright", { size: [40, 20], content: "q 40 0 0 20 0 0 cm /Im0 Do Q", images: image }, [40, 20], [0, 85, 170, 255]],
    ["/Rotate 90", { size: [40, 20], rotate: 90, content: "q 40 0 0 20 0 0 cm /Im0 Do Q", images: image }, [20, 40], [170, 0, 255, 85]],
    ["/Rotate 180", { size: [40, 20], rotate: 180, content: "q 40 0 0 20 0 0 cm /Im0 Do Q", images: image }, [40, 20], [255, 170, 85, 0]],
    ["/Rotate 270", { size: [40, 20], rotate: 270, content: "q 40 0 0 20 0 0 cm /Im0 Do Q", images: image }, [20, 40], [85, 255, 0, 170]],
    // Drawn turned 90° clockwise onto a portrait page by its cm, as some scanners store sideways pages.
    ["cm turned 90°", { size: [20, 40], content: "q 0 -40 20 0 0 40 cm /Im0 Do Q", images: image }, [20, 40], [170, 0, 255, 85]],
    ["cm mirrored", { size: [40, 20], content: "q -40 0 0 20 40 0 cm /Im0 Do Q", images: image }, [40, 20], [85, 0, 255, 170]],
    ["cm upside-down rows", { size: [40, 20], content: "q 40 0 0 -20 0 20 cm /Im0 Do Q", images: image }, [40, 20], [170, 255, 0, 85]],
    ["inside a form-like q/cm nesting", { size: [40, 20], content: "q 2 0 0 2 0 0 cm q 20 0 0 10 0 0 cm /Im0 Do Q Q", images: image }, [40, 20], [0, 85, 170, 255]],
  ];
  for (const [name, page, [width, height], expected] of cases) {
    it(`${name}: shows the page as a viewer does`, async () => {
      const img = await onePage(name.replace(/\W+/g, "-"), page);
      expect(img).toMatchObject({ origin: "embedded-image", width, height, channels: 1 });
      expect(quadrants(img)).toEqual(expected);
      expect(img.dpi).toBeCloseTo(72, 5);
    });
  }

  it("an image inside a form XObject: the form's /Matrix counts (here it turns the image 90°)", async () => {
    const path = join(tmp, "form.pdf");
    const form: PdfImage = {
      // Object 4 (after catalogue, page tree and font) is the first shared object: the image.
      dict: "/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Matrix [0 -1 1 0 0 1] /Resources << /XObject << /Im0 4 0 R >> >>",
      data: Buffer.from("/Im0 Do"),
    };
    writeFileSync(path, buildPdf([{ size: [20, 40], content: "q 20 0 0 40 0 0 cm /Fm0 Do Q", images: { Fm0: form } }], { quad: quadrantImage }));
    const img = await withSource(path, "pdf", (s) => s.page(1));
    expect(img).toMatchObject({ origin: "embedded-image", width: 20, height: 40 });
    expect(quadrants(img)).toEqual([170, 0, 255, 85]);
  });

  it("an inline image (BI … EI) is taken as well", async () => {
    const content = Buffer.concat([
      Buffer.from(`q 40 0 0 20 0 0 cm BI /W ${QW} /H ${QH} /CS /G /BPC 8 ID `, "latin1"),
      quadrantPixels,
      Buffer.from("\nEI Q", "latin1"),
    ]);
    const img = await onePage("inline", { size: [40, 20], content });
    expect(img.origin).toBe("embedded-image");
    expect(quadrants(img)).toEqual([0, 85, 170, 255]);
  });

  it("1-bit gray images and image masks become 8-bit gray", async () => {
    const bits = await onePage("bits", {
      size: [40, 20],
      content: "q 40 0 0 20 0 0 cm /Im0 Do Q",
      images: { Im0: { dict: `/Type /XObject /Subtype /Image /Width 40 /Height 20 /ColorSpace /DeviceGray /BitsPerComponent 1`, data: halfBits } },
    });
    expect(bits).toMatchObject({ origin: "embedded-image", channels: 1 });
    expect(quadrants(bits)).toEqual([0, 255, 0, 255]);
    const mask = await onePage("mask", {
      size: [40, 20],
      content: "q 0 g 40 0 0 20 0 0 cm /Im0 Do Q",
      images: { Im0: { dict: `/Type /XObject /Subtype /Image /Width 40 /Height 20 /ImageMask true`, data: halfBits } },
    });
    expect(mask).toMatchObject({ origin: "embedded-image", channels: 1 });
    // A stencil mask paints the fill colour (black) where its bits are 0.
    expect(quadrants(mask)).toEqual([0, 255, 0, 255]);
  });

  it("a JPEG 2000 (JPXDecode) page image is decoded, not left blank", async () => {
    // relax.jp2 is a raw 320×240 RGB codestream; pdf.js decodes JPX only with its wasm (or wasm-folder JS) decoder.
    const jpx = readFileSync(fuzz("relax.jp2"));
    const img = await onePage(
      "jpx",
      {
        size: [320, 240],
        content: "q 320 0 0 240 0 0 cm /Im0 Do Q",
        images: { Im0: { dict: "/Type /XObject /Subtype /Image /Width 320 /Height 240 /Filter /JPXDecode", data: jpx } },
      },
      { dpi: 72 },
    );
    expect(img).toMatchObject({ origin: "embedded-image", width: 320, height: 240, channels: 3 });
    expect(darkShare(img)).toBeGreaterThan(0.1);
  });

  it("an image with a soft mask is flattened onto white", async () => {
    const alpha = Buffer.alloc(QW * QH);
    for (let p = 0; p < QW * QH; p++) alpha[p] = p % QW < QW / 2 ? 0 : 255;
    const path = join(tmp, "smask.pdf");
    writeFileSync(
      path,
      buildPdf(
        [{ size: [40, 20], content: "q 40 0 0 20 0 0 cm /Im0 Do Q", images: { Im0: { dict: `${quadrantImage.dict} /SMask 4 0 R`, data: quadrantPixels } } }],
        // Object 4 (after catalogue, page tree and font) is the first shared object: the soft mask.
        { alpha: { dict: `/Type /XObject /Subtype /Image /Width ${QW} /Height ${QH} /ColorSpace /DeviceGray /BitsPerComponent 8`, data: alpha } },
      ),
    );
    const img = await withSource(path, "pdf", (s) => s.page(1));
    expect(img).toMatchObject({ origin: "embedded-image", channels: 1 });
    expect(quadrants(img)).toEqual([255, 85, 255, 255]);
  });

  it("a colour image stays RGB", async () => {
    const rgb = Buffer.alloc(QW * QH * 3);
    for (let p = 0; p < QW * QH; p++) rgb.set(p % QW < QW / 2 ? [255, 0, 0] : [0, 0, 255], p * 3);
    const img = await onePage("rgb", {
      size: [40, 20],
      content: "q 40 0 0 20 0 0 cm /Im0 Do Q",
      images: { Im0: { dict: `/Type /XObject /Subtype /Image /Width 40 /Height 20 /ColorSpace /DeviceRGB /BitsPerComponent 8`, data: rgb } },
    });
    expect(img).toMatchObject({ origin: "embedded-image", channels: 3, width: 40, height: 20 });
    expect([...img.data.subarray(0, 3)]).toEqual([255, 0, 0]);
    expect([...img.data.subarray((QW - 1) * 3, QW * 3)]).toEqual([0, 0, 255]);
  });

  it("an image shared by several pages (pdf.js caches it document-wide) is found on each", async () => {
    const path = join(tmp, "shared-image.pdf");
    const page: PdfPage = { size: [40, 20], content: "q 40 0 0 20 0 0 cm /Im0 Do Q", images: { Im0: "quad" } };
    writeFileSync(path, buildPdf([page, page, page, page], { quad: quadrantImage }));
    await withSource(path, "pdf", async (source) => {
      for (let n = 1; n <= 4; n++) {
        const img = await source.page(n);
        expect(img.origin).toBe("embedded-image");
        expect(quadrants(img)).toEqual([0, 85, 170, 255]);
      }
    });
  });

  it("invisible text over the image is ignored; a white page background under it is hidden", async () => {
    const img = await onePage("hidden", {
      size: [40, 20],
      content: "1 g 0 0 40 20 re f q 40 0 0 20 0 0 cm /Im0 Do Q BT 3 Tr /F1 8 Tf 2 2 Td (Hej) Tj ET",
      images: image,
    });
    expect(img.origin).toBe("embedded-image");
  });

  const notOneImage: [string, string][] = [
    ["visible text drawn over the image", "q 40 0 0 20 0 0 cm /Im0 Do Q BT /F1 8 Tf 2 2 Td (Hej) Tj ET"],
    ["a filled rectangle over the image", "q 40 0 0 20 0 0 cm /Im0 Do Q 0 g 5 5 10 5 re f"],
    ["a path outside the image, painted before it", "0 g 0 0 40 0.5 re f q 40 0 0 19.5 0 0.5 cm /Im0 Do Q"],
    ["an image covering half the page", "q 20 0 0 20 0 0 cm /Im0 Do Q"],
    ["two images", "q 20 0 0 20 0 0 cm /Im0 Do Q q 20 0 0 20 20 0 cm /Im0 Do Q"],
    ["an image turned 30°", "q 34.64 20 -10 17.32 10 0 cm /Im0 Do Q"],
  ];
  for (const [name, content] of notOneImage) {
    it(`${name}: the page is rendered instead`, async () => {
      const img = await onePage(name.replace(/\W+/g, "-"), { size: [40, 20], content, images: image }, { dpi: 144 });
      expect(img).toMatchObject({ origin: "rendered", width: 80, height: 40, dpi: 144 });
      expect(img.data.length).toBe(80 * 40 * img.channels);
    });
  }

  it("an empty page renders as white", async () => {
    const img = await onePage("empty", { size: [40, 20], content: "" }, { dpi: 72 });
    expect(img).toMatchObject({ origin: "rendered", width: 40, height: 20, channels: 1 });
    expect(img.data.every((v) => v === 255)).toBe(true);
  });
});

// ---- image files -------------------------------------------------------------------------------

describe("image files", () => {
  it("multi-page TIFF: one page per IFD, 150 dpi, page 7 equal to page-07.png", async () => {
    await withSource(corpus("slides-2021-2022-png/slides-2021-2022.tif"), "image", async (source) => {
      expect(source.pageCount).toBe(7);
      const page = await source.page(7);
      expect(page).toMatchObject({ page: 7, width: 1753, height: 1240, channels: 1, dpi: 150, origin: "image-file" });
      expect(page.pageWidth).toBeNull();
      expect(page.data.equals(await grayPixels(corpus("slides-2021-2022-png/page-07.png")))).toBe(true);
    });
  });

  it("a PNG without density has dpi null; one with a pHYs chunk has its dpi", async () => {
    await withSource(corpus("slides-2021-2022-png/page-02.png"), "image", async (source) => {
      expect(source.pageCount).toBe(1);
      expect(await source.page(1)).toMatchObject({ width: 1753, height: 1240, channels: 1, dpi: null });
    });
    const rgb = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const path = join(tmp, "tiny.png");
    await sharp(rgb, { raw: { width: 3, height: 2, channels: 3 } }).withMetadata({ density: 300 }).png().toFile(path);
    const page = await withSource(path, "image", (s) => s.page(1));
    expect(page).toMatchObject({ page: 1, width: 3, height: 2, channels: 3, origin: "image-file" });
    expect(page.dpi).toBeCloseTo(300, 0);
    expect(page.data.equals(rgb)).toBe(true);
  });

  it("transparency is flattened onto white", async () => {
    const path = join(tmp, "alpha.png");
    await sharp(Buffer.from([0, 0, 0, 0, 0, 0, 0, 255]), { raw: { width: 2, height: 1, channels: 4 } }).png().toFile(path);
    const page = await withSource(path, "image", (s) => s.page(1));
    expect(page.channels).toBe(1);
    expect([...page.data]).toEqual([255, 0]);
  });

  it("EXIF orientation is applied", async () => {
    const page = await withSource(fuzz("Landscape_6.jpg"), "image", (s) => s.page(1));
    // Stored 450×600 with orientation 6: shown 600×450.
    expect(page).toMatchObject({ width: 600, height: 450, channels: 3, dpi: 72 });
  });

  it("a 1-bit fax TIFF with two pages becomes 8-bit gray", async () => {
    await withSource(fuzz("G31D_MULTI.TIF"), "image", async (source) => {
      expect(source.pageCount).toBe(2);
      const page = await source.page(2);
      expect(page).toMatchObject({ channels: 1, dpi: 300 });
      expect(page.data.every((v) => v === 0 || v === 255)).toBe(true);
    });
  });

  it("truncated or damaged files are corrupt", async () => {
    for (const name of ["truncated.png", "truncated.jpg", "corrupt-header.jpg", "PROVENANCE.txt"]) {
      await expectArkivError(
        (async () => withSource(fuzz(name), "image", (s) => s.page(1)))(),
        "corrupt",
      );
    }
  });

  it("a pixel bomb fails as too-large, quickly and without decoding it", async () => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    // 65536 × 65536 one-bit PNG: 4.3 gigapixels.
    await expectArkivError(openPageImages(fuzz("65536-uint32-limit.png"), "image", { maxPixels: 1e6 }), "too-large");
    await expectArkivError(openPageImages(fuzz("65536-uint32-limit.png"), "image"), "too-large");
    // 14000 × 20000 JPEG is over the default limit of 2.5e8.
    const err = await expectArkivError(openPageImages(fuzz("giant-image.jpg"), "image"), "too-large");
    expect(err.message).toMatch(/250000000 pixels/);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100e6);
  });

  it("a missing file is an io-error", async () => {
    await expectArkivError(openPageImages(join(tmp, "nope.png"), "image"), "io-error");
    await expectArkivError(openPageImages(join(tmp, "nope.pdf"), "pdf"), "io-error");
  });

  it("asking for a page that does not exist is a RangeError", async () => {
    await withSource(corpus("slides-2021-2022-png/page-01.png"), "image", async (source) => {
      await expect(source.page(2)).rejects.toThrow(RangeError);
    });
    await withSource(corpus("rammeaftale.pdf"), "pdf", async (source) => {
      await expect(source.page(0)).rejects.toThrow(RangeError);
      await expect(source.page(4)).rejects.toThrow(RangeError);
    });
  });
});

// ---- memory ------------------------------------------------------------------------------------

describe("memory: one page at a time", () => {
  it("the scan's 7 pages in turn keep RSS growth bounded", async () => {
    await withSource(corpus("slides-2021-2022-scan.pdf"), "pdf", async (source) => {
      const before = process.memoryUsage().rss;
      let peak = before;
      for (let n = 1; n <= source.pageCount; n++) {
        const page = await source.page(n);
        expect(page.origin).toBe("embedded-image");
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      expect(peak - before).toBeLessThan(300e6);
    });
  });

  it("40 distinct 200 dpi page images do not accumulate (would be ≥ 600 MB if kept)", async () => {
    // One A4-landscape 200 dpi gray JPEG; every page gets its own copy, so pdf.js decodes each.
    const jpeg = await sharp(corpus("slides-2021-2022-png/page-01.png")).resize(2338, 1653).jpeg({ quality: 50 }).toBuffer();
    const dict = "/Type /XObject /Subtype /Image /Width 2338 /Height 1653 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode";
    const pages: PdfPage[] = Array.from({ length: 40 }, () => ({
      size: [841.68, 595.08],
      content: "q 841.68 0 0 595.08 0 0 cm /Im0 Do Q",
      images: { Im0: { dict, data: jpeg } },
    }));
    const path = join(tmp, "big-scan.pdf");
    writeFileSync(path, buildPdf(pages));
    await withSource(path, "pdf", async (source) => {
      const before = process.memoryUsage().rss;
      let peak = before;
      for (let n = 1; n <= source.pageCount; n++) {
        const page = await source.page(n);
        expect(page).toMatchObject({ origin: "embedded-image", width: 2338, height: 1653 });
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      expect(peak - before).toBeLessThan(300e6);
    });
  });
});
