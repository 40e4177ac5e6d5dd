#!/usr/bin/env node
// Builds the real-document OCR development set (see README.md beside this file).
//
//   node tests/devset/ocr/build.mjs [--out DIR] [--only ID[,ID...]] [--force] [--jobs N] [--shared DIR]
//
// For every document in documents.json: make a clean PDF (LibreOffice for .docx/.pptx, Chromium for the
// composed .html pages, the PDF itself for born-digital PDFs), take the chosen pages' text from the clean PDF
// as truth in visual lines and in pdftotext's flow (pdftotext -bbox-layout), render each page at 300 dpi, "photocopy and scan" it with
// shared/corpus-tools/degrade-page (per-page parameters drawn deterministically from a hash of id + page), and
// join the page images into an image-only scan PDF (img2pdf) and a legacy PDF with an English tesseract text
// layer (as make-scanned-deck --legacy-ocr does). Output (default <project>/.devset/ocr/):
//   manifest.json, docs/<id>/{clean.pdf, pages/page-NN.jpg, truth/page-NN{,.flow}.txt, <id>-scan.pdf, <id>-legacy.pdf,
//   build.json}
// A document is rebuilt only when its entry in documents.json, its source file, degrade-page or this script's
// BUILD_VERSION changed (hash stored in docs/<id>/build.json), or with --force.
// Plain Node ESM, no dependencies; needs the CLI tools listed in TOOLS below.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD_VERSION = 3; // bump when a change here changes the output
const MIN_TRUTH_CHARS = 20; // pages with less text than this in the source PDF are left out
const JPEG_QUALITY = 50; // degrade-page's (and make-scanned-deck's) default
const RENDER_DPI = 300;
// Salt of the per-page parameter hash. The number was picked once (a search over salts 0..399, see README) so that
// this document list gets close to the intended mix: about 10 % of pages fed at 90° and 5 % at 180°, both splits
// with rotated pages, and roughly a third of the pages at each dpi. Changing it re-rolls every page.
const PARAM_SALT = 'arkiv-ocr-devset-28';
// Feed orientation among non-cover pages (about a sixth of the pages are covers, which are never rotated).
const P_ORIENT_180 = 0.06, P_ORIENT_90 = 0.12;

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../../..');

// ---------- arguments ----------
function usage(msg) {
  if (msg) console.error(`build.mjs: ${msg}`);
  console.error('usage: node tests/devset/ocr/build.mjs [--out DIR] [--only ID[,ID...]] [--force] [--jobs N] [--shared DIR]');
  process.exit(2);
}
const opts = { out: path.join(projectRoot, '.devset/ocr'), only: null, force: false, jobs: 2,
  shared: process.env.ARKIV_SHARED || path.resolve(projectRoot, '../shared') };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const v = () => { if (i + 1 >= a.length) usage(`${a[i]} needs a value`); return a[++i]; };
    switch (a[i]) {
      case '--out': opts.out = path.resolve(v()); break;
      case '--only': opts.only = new Set(v().split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--force': opts.force = true; break;
      case '--jobs': opts.jobs = Number(v()); if (!(opts.jobs >= 1 && opts.jobs <= 8)) usage('--jobs 1..8'); break;
      case '--shared': opts.shared = path.resolve(v()); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${a[i]}`);
    }
  }
}

// ---------- tools ----------
// /usr/bin first, so that `convert` is ImageMagick's and not a stand-in earlier in PATH.
const ENV = { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH || ''}`, OMP_THREAD_LIMIT: '1' };
if (opts.jobs > 1) ENV.MAGICK_THREAD_LIMIT = '1'; // two pages at a time on two cores; same pixels either way
const DEGRADE = path.join(opts.shared, 'corpus-tools/degrade-page');
const CHROME = process.env.CHROME || ['chromium', 'chromium-browser', 'google-chrome'].find((c) => which(c));
const TOOLS = [
  ['pdftoppm', ['-v'], 'poppler-utils'], ['pdftotext', ['-v'], 'poppler-utils'], ['pdfinfo', ['-v'], 'poppler-utils'],
  ['pdfunite', ['-v'], 'poppler-utils'], ['pdffonts', ['-v'], 'poppler-utils'],
  ['img2pdf', ['--version'], 'img2pdf'], ['convert', ['-version'], 'imagemagick'], ['identify', ['-version'], 'imagemagick'],
  ['tesseract', ['--version'], 'tesseract-ocr'], ['soffice', ['--version'], 'libreoffice-writer-nogui libreoffice-impress-nogui'],
  ['md5sum', ['--version'], 'coreutils'], ['awk', ['--version'], 'gawk or mawk'],
];
function which(cmd) {
  for (const d of ENV.PATH.split(':')) { const p = path.join(d, cmd); try { fs.accessSync(p, fs.constants.X_OK); return p; } catch {} }
  return null;
}
function isExecutable(p) { try { fs.accessSync(p, fs.constants.X_OK); return fs.statSync(p).isFile(); } catch { return false; } }
function checkTools() {
  const missing = [];
  for (const [cmd, args, pkg] of TOOLS) {
    if (!which(cmd)) { missing.push(`${cmd} (apt-get install -y ${pkg})`); continue; }
    if (cmd === 'convert') {
      const r = spawnSync('convert', args, { env: ENV, encoding: 'utf8' });
      if (!/ImageMagick/.test(r.stdout || '')) missing.push('convert is not ImageMagick (apt-get install -y imagemagick)');
    }
  }
  if (!CHROME || !(which(CHROME) || isExecutable(CHROME))) missing.push(`chromium${CHROME ? ` (CHROME=${CHROME} is not executable)` : ''} (apt-get install -y chromium)`);
  if (which('tesseract')) {
    const r = spawnSync('tesseract', ['--list-langs'], { env: ENV, encoding: 'utf8' });
    if (!/^eng$/m.test(`${r.stdout}${r.stderr}`)) missing.push('tesseract language eng (apt-get install -y tesseract-ocr-eng)');
  }
  if (!fs.existsSync(DEGRADE)) missing.push(`${DEGRADE} (the shared corpus tools; --shared DIR or ARKIV_SHARED)`);
  if (missing.length) {
    console.error(`build.mjs: missing tools:\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
}

const children = new Set(); // running child processes, stopped if the build fails
function run(cmd, args, { cwd, timeoutMs = 300_000, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(p);
    const out = [], err = []; // Buffers, decoded at the end (a chunk may end inside a UTF-8 sequence)
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    const t = setTimeout(() => { p.kill('SIGKILL'); }, timeoutMs);
    p.on('error', (e) => { clearTimeout(t); reject(new Error(`${cmd}: ${e.message}`)); });
    p.on('close', (code, sig) => {
      clearTimeout(t); children.delete(p);
      const text = (chunks) => Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve(text(out));
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${sig || `exit ${code}`})${quiet ? '' : `\n${text(err).trim().split('\n').slice(-8).join('\n')}`}`));
    });
  });
}

// ---------- documents ----------
const KINDS = new Set(['docx', 'pptx', 'pdf', 'html']);
function loadDocuments() {
  const file = path.join(here, 'documents.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  const docs = Array.isArray(raw) ? raw : raw.documents;
  const seen = new Set();
  for (const d of docs) {
    const bad = (m) => { console.error(`documents.json: ${d.id || '?'}: ${m}`); process.exit(2); };
    if (!/^[a-z0-9][a-z0-9-]*$/.test(d.id || '')) bad('id must be lower-case letters, digits and -');
    if (seen.has(d.id)) bad('duplicate id'); seen.add(d.id);
    if (!KINDS.has(d.kind)) bad(`kind must be one of ${[...KINDS].join(', ')}`);
    if (!['dev', 'heldout'].includes(d.split)) bad('split must be dev or heldout');
    if (!(d.pages === 'all' || (Array.isArray(d.pages) && d.pages.length && d.pages.every((p) => Number.isInteger(p) && p >= 1))))
      bad('pages must be "all" or a list of page numbers');
    d.sourcePath = sourcePath(d.source, bad);
    if (!fs.existsSync(d.sourcePath)) bad(`source not found: ${d.sourcePath}`);
    const ext = path.extname(d.sourcePath).slice(1).toLowerCase();
    if (ext !== d.kind) bad(`kind ${d.kind} does not match the source's extension .${ext}`);
  }
  return docs.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
function sourcePath(src, bad) {
  const m = /^(shared|compose):(.+)$/.exec(src || '');
  if (!m || m[2].split('/').includes('..')) bad('source must be shared:PATH or compose:FILE');
  return m[1] === 'shared' ? path.join(opts.shared, m[2]) : path.join(here, 'compose', m[2]);
}
const canonical = (v) => Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
  : JSON.stringify(v);
function docHash(d) {
  const h = createHash('sha256');
  const { sourcePath: _, ...entry } = d;
  h.update(`build.mjs v${BUILD_VERSION}\n`);
  h.update(canonical(entry));
  h.update(fs.readFileSync(d.sourcePath));
  h.update(fs.readFileSync(DEGRADE));
  return h.digest('hex');
}

// ---------- per-page degradation parameters (deterministic) ----------
function pageParams(id, sourcePage, { landscape, cover }) {
  const buf = createHash('sha256').update(`${PARAM_SALT}:${id}:${sourcePage}`).digest();
  const u = (k) => buf.readUInt32BE(4 * k) / 2 ** 32; // 8 uniform numbers in [0, 1)
  const r2 = (x) => Math.round(x * 100) / 100;
  const dpi = [150, 200, 300][Math.floor(u(0) * 3)];
  const blur = r2(0.6 + 0.8 * u(1));
  const noise = r2(0.2 + 0.25 * u(2));
  const fade = Math.round(15 + 20 * u(3));
  let skewDeg = r2(-1.5 + 3 * u(4));
  if (skewDeg === 0) skewDeg = 0; // no -0
  const orient = cover ? 0 : u(5) < P_ORIENT_180 ? 180 : u(5) < P_ORIENT_180 + P_ORIENT_90 ? 90 : 0;
  const seed = 1 + (buf.readUInt32BE(24) % 100000);
  return { dpi, skewDeg, orient, blur, noise, fade, paper: landscape ? 'a4l' : 'a4p', seed, quality: JPEG_QUALITY };
}

// ---------- truth: visual lines from pdftotext -bbox-layout ----------
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) =>
  e[0] === '#' ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e] ?? m);
// Two truths per page, both from the source PDF's own words, because reading order is ambiguous and
// the scorer moves only blocks of two or more words (or one long word):
// - visual (truth/page-NN.txt): the words grouped by where they stand. A table row is one line, as
//   a reader sees it and as a person typing the page would write it; so is a contents line (number,
//   title, page number). Words whose vertical centre falls within a line's band join it; a line
//   reads left to right, lines top to bottom. Two columns side by side share their visual lines; the
//   scorer moves the halves back into place.
// - flow (truth/page-NN.flow.txt): pdftotext's own lines in its flow order: a table column by column
//   (all labels, then all values), a contents line as three lines.
// A reading that is good in one order and bad in the other is not a good reading, so the benchmark
// scores both.
function bboxToLines(html) {
  const words = [];
  const flow = [];
  for (const line of html.matchAll(/<line\b[^>]*>([\s\S]*?)<\/line>/g)) {
    const texts = [];
    for (const m of line[1].matchAll(/<word\b([^>]*)>([\s\S]*?)<\/word>/g)) {
      const text = unescapeXml(m[2]).trim().normalize('NFC');
      if (!text) continue;
      const at = (k) => Number(new RegExp(`${k}="([-\\d.]+)"`).exec(m[1])?.[1]);
      words.push({ text, x: at('xMin'), top: at('yMin'), bottom: at('yMax') });
      texts.push(text);
    }
    if (texts.length) flow.push(texts.join(' '));
  }
  const centre = (w) => (w.top + w.bottom) / 2;
  const sorted = words.map((w, i) => ({ ...w, i })).sort((a, b) => centre(a) - centre(b) || a.x - b.x || a.i - b.i);
  const rows = [];
  for (const w of sorted) {
    const row = rows[rows.length - 1];
    if (row && centre(w) >= row.top && centre(w) <= row.bottom) { row.words.push(w); continue; }
    rows.push({ top: w.top, bottom: w.bottom, words: [w] });
  }
  const visual = rows.map((r) => r.words.sort((a, b) => a.x - b.x || a.i - b.i).map((w) => w.text).join(' '));
  return { visual, flow };
}

// ---------- one document ----------
let loProfile = null; // one LibreOffice profile per build run, in our own temp dir
async function makeClean(d, tmp, cleanPdf) {
  if (d.kind === 'pdf') { fs.copyFileSync(d.sourcePath, cleanPdf); return; }
  if (d.kind === 'html') {
    const prof = fs.mkdtempSync(path.join(tmp, 'chrome-'));
    await run(CHROME, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${prof}`,
      '--no-pdf-header-footer', `--print-to-pdf=${cleanPdf}`, `file://${d.sourcePath}`], { timeoutMs: 120_000 });
    fs.rmSync(prof, { recursive: true, force: true });
  } else {
    if (!loProfile) loProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'arkiv-devset-lo-'));
    const outDir = fs.mkdtempSync(path.join(tmp, 'lo-'));
    await run('soffice', [`-env:UserInstallation=file://${loProfile}`, '--headless', '--norestore', '--convert-to', 'pdf',
      '--outdir', outDir, d.sourcePath], { timeoutMs: 240_000 });
    const produced = path.join(outDir, `${path.basename(d.sourcePath, path.extname(d.sourcePath))}.pdf`);
    if (!fs.existsSync(produced)) throw new Error(`LibreOffice produced no PDF for ${d.source}`);
    fs.renameSync(produced, cleanPdf);
  }
  if (!fs.existsSync(cleanPdf) || fs.statSync(cleanPdf).size === 0) throw new Error(`no clean PDF for ${d.source}`);
}

async function pageSizes(pdf) {
  const info = await run('pdfinfo', ['-f', '1', '-l', '100000', pdf]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const sizes = {};
  for (const m of info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/gm)) sizes[m[1]] = [Number(m[2]), Number(m[3])];
  const rots = {};
  for (const m of info.matchAll(/^Page\s+(\d+) rot:\s+(\d+)/gm)) rots[m[1]] = Number(m[2]);
  return { pages, sizes, rots };
}

// Phase 1 of a document (sequential, cheap): clean PDF, truth, per-page parameters.
async function prepareDoc(d, docDir, log) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `arkiv-devset-${d.id}-`));
  fs.rmSync(docDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(docDir, 'pages'), { recursive: true });
  fs.mkdirSync(path.join(docDir, 'truth'), { recursive: true });
  const cleanPdf = path.join(docDir, 'clean.pdf');
  await makeClean(d, tmp, cleanPdf);
  const { pages: nPages, sizes, rots } = await pageSizes(cleanPdf);
  const wanted = d.pages === 'all' ? Array.from({ length: nPages }, (_, i) => i + 1) : d.pages;
  for (const p of wanted) if (p > nPages) throw new Error(`${d.id}: page ${p} asked for, the clean PDF has ${nPages}`);

  // truth first: pages with (almost) no text in the source are left out
  const kept = [], excluded = [];
  for (const sp of wanted) {
    const bbox = await run('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', '-f', String(sp), '-l', String(sp), cleanPdf, '-']);
    const { visual: lines, flow } = bboxToLines(bbox);
    const text = lines.join('\n');
    const flowText = flow.join('\n');
    const truthChars = [...lines.join('')].length;
    const layout = (d.layout && d.layout[String(sp)]) || [];
    if (truthChars < MIN_TRUTH_CHARS) { excluded.push({ sourcePage: sp, truthChars, reason: `truth has fewer than ${MIN_TRUTH_CHARS} characters` }); continue; }
    const [w, h] = sizes[sp] || [595, 842];
    const landscape = (rots[sp] || 0) % 180 === 0 ? w > h : h > w;
    kept.push({ sourcePage: sp, text, flowText, truthChars, layout, landscape });
  }
  for (const e of excluded) log(`source page ${e.sourcePage} left out (${e.reason}: ${e.truthChars})`);
  if (!kept.length) throw new Error(`${d.id}: no page has ${MIN_TRUTH_CHARS}+ characters of text`);

  const pages = kept.map((k, i) => {
    const nn = String(i + 1).padStart(2, '0');
    const prm = pageParams(d.id, k.sourcePage, { landscape: k.landscape, cover: k.layout.includes('cover') });
    fs.writeFileSync(path.join(docDir, 'truth', `page-${nn}.txt`), k.text + '\n');
    fs.writeFileSync(path.join(docDir, 'truth', `page-${nn}.flow.txt`), k.flowText + '\n');
    return { nn, k, prm, entry: {
      page: i + 1, sourcePage: k.sourcePage,
      image: `docs/${d.id}/pages/page-${nn}.jpg`, truth: `docs/${d.id}/truth/page-${nn}.txt`, truthFlow: `docs/${d.id}/truth/page-${nn}.flow.txt`, truthChars: k.truthChars,
      dpi: prm.dpi, skewDeg: prm.skewDeg, orient: prm.orient, blur: prm.blur, noise: prm.noise, fade: prm.fade,
      paper: prm.paper, seed: prm.seed, quality: prm.quality, layout: k.layout,
    } };
  });
  return { d, docDir, tmp, cleanPdf, nPages, pages, excluded };
}

// Phase 2, one page (the expensive part; runs opts.jobs at a time across documents): render, degrade, and
// OCR with the English model for the legacy text layer.
async function pageTask(doc, { nn, k, prm }, log) {
  const base = path.join(doc.tmp, `clean-${nn}`);
  await run('pdftoppm', ['-r', String(RENDER_DPI), '-png', '-singlefile', '-f', String(k.sourcePage), '-l', String(k.sourcePage), doc.cleanPdf, base]);
  const jpg = path.join(doc.docDir, 'pages', `page-${nn}.jpg`);
  await run(DEGRADE, [`${base}.png`, jpg, '--dpi', String(prm.dpi), '--seed', String(prm.seed), '--rotate', String(prm.skewDeg),
    '--orient', String(prm.orient), '--quality', String(prm.quality), '--paper', prm.paper, '--noise', String(prm.noise),
    '--blur', String(prm.blur), '--fade', String(prm.fade)]);
  fs.rmSync(`${base}.png`, { force: true });
  await run('tesseract', [jpg, path.join(doc.tmp, `legacy-${nn}`), '-l', 'eng', 'pdf'], { quiet: true });
  log(`page ${nn} ← source page ${k.sourcePage}: ${prm.dpi} dpi, ${prm.paper}, skew ${prm.skewDeg}°, orient ${prm.orient}°, ` +
    `blur ${prm.blur}, noise ${prm.noise}, fade ${prm.fade}; truth ${k.truthChars} chars [${k.layout.join(', ')}]`);
}

// Make a PDF's file identifier a function of its content: img2pdf and pdfunite write a different /ID on every run.
// Hexadecimal IDs (img2pdf; it may write two trailers) are overwritten in place with hex digits of the same length,
// so no byte offset moves. A literal-string ID (pdfunite) is only ever in the last trailer, after everything an
// offset points to (classic xref table), so it is replaced by a hex string there.
function deterministicId(file) {
  const buf = fs.readFileSync(file);
  const s = buf.toString('latin1');
  const hexIds = [...s.matchAll(/\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/g)];
  if (hexIds.length) {
    const spans = hexIds.flatMap((m) => {
      const a = m.index + m[0].indexOf('<') + 1, b = m.index + m[0].lastIndexOf('<') + 1;
      return [[a, m[1].length], [b, m[2].length]];
    });
    const blank = Buffer.from(buf);
    for (const [at, n] of spans) blank.fill(0x30, at, at + n);
    const md5 = createHash('md5').update(blank).digest('hex');
    for (const [at, n] of spans) blank.write(md5.repeat(Math.ceil(n / 32)).slice(0, n), at, 'latin1');
    fs.writeFileSync(file, blank);
    return;
  }
  const t = buf.lastIndexOf('trailer');
  const idAt = t < 0 ? -1 : buf.indexOf('/ID', t);
  if (idAt < 0) throw new Error(`${file}: no trailer /ID to replace`);
  let i = buf.indexOf('[', idAt) + 1, depth = 0, esc = false;
  for (; i > 0 && i < buf.length; i++) {
    const c = buf[i];
    if (depth) { if (esc) esc = false; else if (c === 0x5c) esc = true; else if (c === 0x28) depth++; else if (c === 0x29) depth--; }
    else if (c === 0x28) depth = 1; // (literal string)
    else if (c === 0x5d) break; // ]
  }
  if (i <= 0 || i >= buf.length) throw new Error(`${file}: cannot parse the trailer /ID`);
  const md5 = createHash('md5').update(buf.subarray(0, t)).digest('hex');
  fs.writeFileSync(file, Buffer.concat([buf.subarray(0, idAt), Buffer.from(`/ID [<${md5}><${md5}>]`), buf.subarray(i + 1)]));
}

// Phase 3: the image-only scan PDF and the legacy PDF, as make-scanned-deck does (no dates: the same bytes on
// every build), checked; returns the manifest entry.
async function finishDoc(doc, log) {
  const { d, docDir, tmp, pages } = doc;
  const scan = path.join(docDir, `${d.id}-scan.pdf`), legacy = path.join(docDir, `${d.id}-legacy.pdf`);
  await run('img2pdf', ['--producer', '', '--creator', 'Scan', '--nodate', ...pages.map((p) => `pages/page-${p.nn}.jpg`), '-o', scan], { cwd: docDir });
  deterministicId(scan);
  // pdfunite (also for one page: it drops tesseract's dated Info dictionary) writes a random file ID
  await run('pdfunite', [...pages.map((p) => path.join(tmp, `legacy-${p.nn}.pdf`)), legacy]);
  deterministicId(legacy);
  const fonts = (await run('pdffonts', [scan])).trim().split('\n').slice(2).filter(Boolean).length;
  const scanText = (await run('pdftotext', [scan, '-'])).replace(/\s/g, '').length;
  if (fonts || scanText) throw new Error(`${d.id}: the scan PDF unexpectedly has text (fonts ${fonts}, ${scanText} chars)`);
  const legacyWords = (await run('pdftotext', [legacy, '-'])).split(/\s+/).filter(Boolean).length;
  log(`${path.basename(scan)}: ${pages.length} pages, no text; ${path.basename(legacy)}: ${legacyWords} words (eng OCR layer)`);
  fs.rmSync(tmp, { recursive: true, force: true });
  return {
    id: d.id, kind: d.kind, split: d.split, source: d.source, title: d.title || d.id,
    clean: `docs/${d.id}/clean.pdf`, sourcePages: doc.nPages,
    pages: pages.map((p) => p.entry),
    excluded: doc.excluded,
    scan: `docs/${d.id}/${d.id}-scan.pdf`, legacy: `docs/${d.id}/${d.id}-legacy.pdf`,
  };
}

function upToDate(docDir, hash) {
  try {
    const b = JSON.parse(fs.readFileSync(path.join(docDir, 'build.json'), 'utf8'));
    if (b.hash !== hash || !b.document) return null;
    const root = path.resolve(docDir, '../..');
    const files = [b.document.clean, b.document.scan, b.document.legacy, ...b.document.pages.flatMap((p) => [p.image, p.truth, p.truthFlow])];
    return files.every((f) => fs.existsSync(path.join(root, f))) ? b.document : null;
  } catch { return null; }
}

// ---------- main ----------
function semaphore(n) {
  let free = n; const waiting = [];
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise((r) => waiting.push(r))),
    release: () => { const next = waiting.shift(); if (next) next(); else free++; },
  };
}

async function main() {
  checkTools();
  const t0 = Date.now();
  const docs = loadDocuments();
  if (opts.only) for (const id of opts.only) if (!docs.some((d) => d.id === id)) usage(`--only: no document ${id} in documents.json`);
  fs.mkdirSync(path.join(opts.out, 'docs'), { recursive: true });
  console.log(`OCR dev set → ${path.relative(process.cwd(), opts.out) || '.'} (${docs.length} documents, ${opts.jobs} jobs)`);
  const entries = new Map();
  let skipped = 0;
  const todo = [];
  for (const [i, d] of docs.entries()) {
    const docDir = path.join(opts.out, 'docs', d.id);
    const hash = docHash(d);
    const tag = `[${String(i + 1).padStart(2)}/${docs.length}] ${d.id} (${d.kind}, ${d.split})`;
    const prev = upToDate(docDir, hash);
    if (opts.only && !opts.only.has(d.id)) {
      if (prev) entries.set(d.id, prev); else console.log(`${tag}: not built (not in --only), left out of the manifest`);
    } else if (prev && !opts.force) {
      console.log(`${tag}: up to date, ${prev.pages.length} pages`); entries.set(d.id, prev); skipped++;
    } else todo.push({ d, docDir, hash, tag });
  }

  // Documents are prepared one after the other (LibreOffice/Chromium, pdftotext); their pages go into one
  // pool that keeps opts.jobs pages in work across documents; a document is finished when its last page is.
  const slots = semaphore(opts.jobs);
  const finished = [];
  let failure = null;
  for (const { d, docDir, hash, tag } of todo) {
    const log = (m) => console.log(`    ${d.id}: ${m}`);
    console.log(`${tag}: building from ${d.source} (clean PDF by ${d.kind === 'pdf' ? 'copy' : d.kind === 'html' ? 'Chromium' : 'LibreOffice'})`);
    const doc = await prepareDoc(d, docDir, log);
    const pageJobs = doc.pages.map(async (pg) => {
      await slots.acquire();
      try { await pageTask(doc, pg, log); } finally { slots.release(); }
    });
    finished.push(Promise.all(pageJobs).then(() => finishDoc(doc, log)).then((entry) => {
      fs.writeFileSync(path.join(docDir, 'build.json'), JSON.stringify({ hash, buildVersion: BUILD_VERSION, document: entry }, null, 2) + '\n');
      log(`done (${entry.pages.length} pages)`);
      entries.set(d.id, entry);
    }).catch((e) => { failure ??= e; }));
    if (failure) break;
  }
  await Promise.all(finished);
  if (failure) throw failure;

  const list = [...entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const manifest = { version: 1, documents: list };
  fs.writeFileSync(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  if (loProfile) fs.rmSync(loProfile, { recursive: true, force: true });

  const count = (split) => {
    const ds = list.filter((e) => e.split === split);
    return `${ds.length} documents / ${ds.reduce((n, e) => n + e.pages.length, 0)} pages`;
  };
  console.log(`\nmanifest.json: ${list.length} documents, ${list.reduce((n, e) => n + e.pages.length, 0)} pages ` +
    `(dev ${count('dev')}, heldout ${count('heldout')}); built ${todo.length}, up to date ${skipped}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  for (const c of children) c.kill('SIGTERM');
  if (loProfile) fs.rmSync(loProfile, { recursive: true, force: true });
  console.error(`build.mjs: ${e.message}`);
  process.exit(1);
});
