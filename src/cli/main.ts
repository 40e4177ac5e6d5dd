import { writeSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { constants as osConstants } from "node:os";
import { basename, join, resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { documentJsonSchema } from "../model/document.ts";
import { toArkivError, UsageError } from "../model/errors.ts";
import { printable } from "../lib/printable.ts";
import { versionLog } from "../archive/log.ts";
import { objectId } from "../archive/layout.ts";
import { Archive } from "../archive/store.ts";
import { checkBatch, runBatch } from "../runner/run.ts";
import { PIPELINE_VERSION } from "../version.ts";

/**
 * Exit codes are part of the contract: 0 all good, 1 some documents failed, 2 usage (nothing was
 * done), 3 the run could not finish (the archive or the output folder could not be used),
 * 130 and 143 stopped by SIGINT or SIGTERM (128 + the signal, as shells report it).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3 } as const;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
  return n;
}

type OcrMode = "auto" | "force" | "off";

function ocrOption(): Option {
  return new Option("--ocr <mode>", "auto: OCR pages without a trustworthy text layer; force: every page; off: never")
    .choices(["auto", "force", "off"])
    .default("auto");
}

interface RunCliOptions {
  out: string;
  archive?: string;
  jobs?: number;
  report?: string;
  timeout: number;
  repair: boolean;
  ocr: OcrMode;
  check?: boolean;
  quiet?: boolean;
  retryFailed?: boolean;
  password?: string;
  passwordFile?: string;
  maxPixels?: number;
  maxPages?: number;
  maxMemory?: number;
  isolate: boolean;
  pageTimeout: number;
  maxZipEntries?: number;
  maxZipMb?: number;
}

/** PATH<TAB>PASSWORD per line; blank lines and lines starting with # are skipped. */
async function readPasswordFile(file: string): Promise<Map<string, string>> {
  const text = await readFile(resolve(file), "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read the password file ${file}: ${err.code ?? err.message}`);
  });
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith("#")) continue;
    const tab = line.indexOf("\t");
    if (tab === -1) throw new UsageError(`${file}: a line without a tab between path and password`);
    map.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return map;
}

export function buildProgram(): Command {
  const program = new Command("arkiv")
    .description("Turn legacy documents into clean Markdown and JSON records.")
    .version(PIPELINE_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("extract")
    .description("extract one file and print its record (JSON, the default) or Markdown; writes nothing")
    .argument("<file>", "the source file")
    .addOption(new Option("--json", "print the document record as JSON").conflicts("md"))
    .option("--md", "print the Markdown")
    .option("--no-repair", "skip the Danish repair stage (to compare)")
    .addOption(ocrOption())
    .action(async (file: string, opts: { md?: boolean; repair: boolean; ocr: OcrMode }) => {
      try {
        const { extract } = await import("../../pipeline/index.ts");
        const emitted = await extract(
          { absPath: resolve(file), relPath: basename(file) },
          { repair: opts.repair, ocr: opts.ocr },
        );
        process.stdout.write(opts.md ? emitted.markdown : emitted.json);
      } catch (err) {
        const e = toArkivError(err);
        process.stderr.write(`arkiv: ${printable(file)}: ${e.code}: ${printable(e.message)}\n`);
        process.exitCode = EXIT.failed;
      }
    });

  program
    .command("run")
    .description("archive every file under the paths (default: samples) and publish the archive to the output folder")
    .argument("[paths...]", "files or folders", ["samples"])
    .option("-o, --out <dir>", "output folder (documents, catalogue, search feed, run report)", "output")
    .option("-a, --archive <dir>", "the OCFL storage root (default: archive, beside the output folder)")
    .option("-j, --jobs <n>", "documents processed at once (default: number of cores)", positiveInt)
    .option("--report <file>", "where to write the run report (default: <out>/run-report.json)")
    .option("--timeout <seconds>", "give up a document after this many seconds", positiveInt, 600)
    .option("--no-repair", "skip the Danish repair stage")
    .addOption(ocrOption())
    .option("--check", "process nothing; exit 1 if the archive or the output folder is out of date with the sources")
    .option("--retry-failed", "process only the files the last run report lists as failed")
    .option("--password <password>", "password for encrypted PDFs (tried for every file that needs one)")
    .option("--password-file <file>", "passwords per file: lines of PATH<TAB>PASSWORD (path as in the report, or a file name)")
    .option("--max-pixels <n>", "refuse images and pages over this many pixels (default 250000000)", positiveInt)
    .option("--max-pages <n>", "refuse documents with more pages (default 5000)", positiveInt)
    .option("--max-memory <mb>", "stop a document whose worker process grows past this many MB (default 2048)", positiveInt)
    .option("--page-timeout <seconds>", "stop a document when its next OCR page takes longer than this (default 300)", positiveInt, 300)
    .option("--max-zip-entries <n>", "refuse DOCX/PPTX packages with more entries (default 10000)", positiveInt)
    .option("--max-zip-mb <n>", "refuse DOCX/PPTX packages that unpack to more MB (default 1024)", positiveInt)
    .option("--no-isolate", "extract in this process instead of worker processes (no memory ceiling; a timeout cannot stop the work)")
    .option("-q, --quiet", "no progress output, only the summary")
    .action(
      async (
        paths: string[],
        opts: RunCliOptions,
      ) => {
        const reportPath = resolve(opts.report ?? join(opts.out, "run-report.json"));
        const runOptions = {
          outDir: resolve(opts.out),
          archiveRoot: opts.archive ? resolve(opts.archive) : undefined,
          reportPath,
          concurrency: opts.jobs,
          timeoutMs: opts.timeout * 1000,
          extract: {
            repair: opts.repair,
            ocr: opts.ocr,
            password: opts.password ?? null,
            limits: {
              ...(opts.maxPixels ? { maxPixels: opts.maxPixels } : {}),
              ...(opts.maxPages ? { maxPages: opts.maxPages } : {}),
              ...(opts.maxZipEntries ? { maxZipEntries: opts.maxZipEntries } : {}),
              ...(opts.maxZipMb ? { maxZipBytes: opts.maxZipMb * 1024 * 1024 } : {}),
            },
          },
          passwords: opts.passwordFile ? await readPasswordFile(opts.passwordFile) : undefined,
          retryFailedFrom: opts.retryFailed ? reportPath : undefined,
          isolate: opts.isolate,
          pageTimeoutMs: opts.pageTimeout * 1000,
          maxMemoryMb: opts.maxMemory,
        };
        if (opts.check) {
          const { stale, outputCurrent } = await checkBatch(paths, runOptions);
          for (const s of stale) process.stdout.write(`stale: ${printable(s.path)}: ${printable(s.reason)}\n`);
          if (!outputCurrent) process.stdout.write(`stale: ${opts.out}: not published from the archive as it is\n`);
          const current = !stale.length && outputCurrent;
          process.stdout.write(current ? "arkiv: archive and output are current\n" : `arkiv: out of date (${stale.length} source(s)${outputCurrent ? "" : ", output"}); run arkiv run\n`);
          process.exitCode = current ? EXIT.ok : EXIT.failed;
          return;
        }
        const { createProgress } = await import("../runner/progress.ts");
        // SIGINT (Ctrl-C, kill -INT) and SIGTERM (timeout, systemd, docker) stop the run at once and
        // leave a report; the exit code says which signal (128 + its number, as a shell reports it).
        const stop = new AbortController();
        const onSignal = (signal: NodeJS.Signals) => {
          if (stop.signal.aborted) return;
          process.stderr.write(`\narkiv: ${signal}: stopping; documents in work are stopped, the report is written\n`);
          stop.abort(signal);
        };
        for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
        const report = await runBatch(paths, { ...runOptions, progress: createProgress({ quiet: opts.quiet }), signal: stop.signal });
        if (stop.signal.aborted) {
          const signal = stop.signal.reason as NodeJS.Signals;
          // Written synchronously: the process exits right after.
          writeSync(1, `arkiv: stopped by ${signal}; ${report.totals.ok} processed, ${report.failuresByCode.interrupted ?? 0} not finished; report: ${opts.report ?? `${opts.out}/run-report.json`}\n`);
          // Work in this process (--no-isolate) cannot be stopped: exit without waiting for it.
          process.exit(128 + osConstants.signals[signal]);
        }
        const { totals } = report;
        const codes = Object.entries(report.failuresByCode)
          .map(([code, n]) => `${n} ${code}`)
          .join(", ");
        process.stdout.write(
          `arkiv: ${totals.files} files, ${totals.ok} processed, ${totals.unchanged} unchanged, ${totals.failed} failed${codes ? ` (${codes})` : ""}, ` +
            `${totals.newVersions} new version(s), ${totals.pages} pages in ${(report.durationMs / 1000).toFixed(1)} s; report: ${
              opts.report ?? `${opts.out}/run-report.json`
            }\n`,
        );
        for (const f of report.publish.failed) process.stderr.write(`arkiv: not published: ${printable(f.id)}: ${f.code}: ${printable(f.message)}\n`);
        if (report.publish.error) process.stderr.write(`arkiv: ${report.publish.error.code}: ${printable(report.publish.error.message)}\n`);
        process.exitCode = report.publish.error ? EXIT.incomplete : totals.failed > 0 || report.publish.failed.length > 0 ? EXIT.failed : EXIT.ok;
      },
    );

  program
    .command("verify")
    .description("validate the archive against OCFL 1.1: structure, inventories, sidecars, versions and every file's digest")
    .option("-a, --archive <dir>", "the OCFL storage root", "archive")
    .option("--fast", "skip recomputing the files' digests (structure, inventories and sidecars are still checked)")
    .option("--json", "print the full result as JSON")
    .action(async (opts: { archive: string; fast?: boolean; json?: boolean }) => {
      const { validateStorageRoot } = await import("../archive/validate/index.ts");
      const result = await validateStorageRoot(resolve(opts.archive), { fast: opts.fast });
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const line = (kind: string, where: string, i: { code: string; message: string; path?: string }) =>
          process.stdout.write(printable(`${kind} ${i.code} ${where}${i.path ? `/${i.path}` : ""}: ${i.message}`) + "\n");
        for (const e of result.errors) line("error", opts.archive, e);
        for (const w of result.warnings) line("warning", opts.archive, w);
        for (const o of result.objects) {
          for (const e of o.result.errors) line("error", `${o.id ?? o.path}`, e);
          for (const w of o.result.warnings) line("warning", `${o.id ?? o.path}`, w);
        }
        const errors = result.errors.length + result.objects.reduce((n, o) => n + o.result.errors.length, 0);
        process.stdout.write(
          `arkiv: ${opts.archive}: ${result.objects.length} object(s), ${errors} error(s)${opts.fast ? " (fast: file digests not recomputed)" : ""}; ${result.valid ? "valid" : "NOT valid"}\n`,
        );
      }
      process.exitCode = result.valid ? EXIT.ok : EXIT.failed;
    });

  program
    .command("log")
    .description("list the archived versions of a document (its id, as in the record, or its OCFL object id)")
    .argument("<id>", "document id, e.g. rammeaftale-pdf")
    .option("-a, --archive <dir>", "the OCFL storage root", "archive")
    .option("--json", "print the versions as JSON")
    .action(async (id: string, opts: { archive: string; json?: boolean }) => {
      const archive = await Archive.open(resolve(opts.archive));
      const oid = id.startsWith("urn:") ? id : objectId(id);
      const inventory = await archive.inventory(oid);
      if (!inventory) {
        process.stderr.write(`arkiv: ${printable(id)}: not in the archive ${printable(opts.archive)}\n`);
        process.exitCode = EXIT.failed;
        return;
      }
      const versions = versionLog(inventory);
      if (opts.json) process.stdout.write(`${JSON.stringify({ id: oid, head: inventory.head, versions }, null, 2)}\n`);
      else {
        process.stdout.write(`${oid} (head ${inventory.head})\n`);
        for (const v of versions) {
          process.stdout.write(printable(`${v.version}  ${v.created}  ${v.user}  ${v.message}`) + "\n");
          if (v.changed.length) process.stdout.write(printable(`    changed: ${v.changed.join(", ")}`) + "\n");
        }
      }
    });

  program
    .command("schema")
    .description("print the JSON Schema of the document record (generated from the zod schema)")
    .option("--out <file>", "write it to a file instead")
    .action(async (opts: { out?: string }) => {
      const text = JSON.stringify(documentJsonSchema(), null, 2) + "\n";
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`arkiv: ${printable(err.message)}\n`);
      return EXIT.usage;
    }
    const e = toArkivError(err);
    process.stderr.write(`arkiv: ${e.code}: ${printable(e.message)}\n`);
    return EXIT.incomplete;
  }
}

process.exitCode = await main(process.argv);
