#!/usr/bin/env node
// Builds the metadata development set (see README.md beside this file).
//
//   node tests/devset/metadata/build.mjs [--out DIR] [--only ID[,ID...]] [--force] [--jobs N] [--shared DIR] [--check]
//
// Every document in docs/documents.json is either a slide spec (docs/<id>.spec, the corpus-tools slide-spec format
// plus the header directives @table-style / @col-widths and the slide directives !table-style: / !col-widths:, which
// this script strips and applies itself) or an A4 page document (docs/<id>.html). Each has a hand-written answer key,
// docs/<id>.expected.json. Output (default <project>/.devset/metadata/, git-ignored):
//   manifest.json
//   docs/<id>/<id>.pdf          born-digital PDF (Chromium print; a slide deck is one 1920×1080 page per slide)
//   docs/<id>/<id>.pptx         slide decks only: born-digital PowerPoint (pptxgenjs; tables are real PPTX tables)
//   docs/<id>/<id>-scan.pdf     image-only "photocopied and scanned" PDF
//   docs/<id>/<id>-legacy.pdf   the same page images with an English tesseract text layer (as old archives have)
//   docs/<id>/pages/page-NN.jpg, truth/page-NN.txt, expected.json, build.json
//   (slide decks also keep source/ – the styled slide HTML and spec2html's truth – and make-scanned-deck's clean/, build/)
// Slide decks are scanned with shared/corpus-tools/make-scanned-deck (HTML folder + --truth); A4 pages are printed
// by Chromium, rendered with pdftoppm and degraded with degrade-page --paper a4p (make-scanned-deck would lay a
// portrait page on landscape paper), then joined with img2pdf, and given a tesseract -l eng layer like
// make-scanned-deck --legacy-ocr does.
// The answer keys are validated on every run (ISO dates, from <= to, ISO weeks, canonical forum names, tables equal
// to the source's tables, ...); --check validates them and builds nothing.
// A document is rebuilt only when its entry in documents.json, its source, the shared tools, the pptxgenjs version or
// BUILD_VERSION changed (hash in docs/<id>/build.json), or with --force. expected.json is copied on every run.
// Plain Node ESM; the only npm dependency is pptxgenjs (a devDependency of the project).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD_VERSION = 1; // bump when a change here changes the output
const RENDER_DPI = 300; // A4 pages are rendered at this resolution before degrade-page scans them at the document's dpi
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1)); // pptx zip entry times and core.xml dates (deterministic output)

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../../..');
const docsDir = path.join(here, 'docs');

// ---------- arguments ----------
function usage(msg) {
  if (msg) console.error(`build.mjs: ${msg}`);
  console.error('usage: node tests/devset/metadata/build.mjs [--out DIR] [--only ID[,ID...]] [--force] [--jobs N] [--shared DIR] [--check]');
  process.exit(2);
}
const opts = { out: path.join(projectRoot, '.devset/metadata'), only: null, force: false, jobs: 2, check: false,
  shared: process.env.ARKIV_SHARED || path.resolve(projectRoot, '../shared') };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const v = () => { if (i + 1 >= a.length) usage(`${a[i]} needs a value`); return a[++i]; };
    switch (a[i]) {
      case '--out': opts.out = path.resolve(v()); break;
      case '--only': opts.only = new Set(v().split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--force': opts.force = true; break;
      case '--jobs': opts.jobs = Number(v()); if (!(Number.isInteger(opts.jobs) && opts.jobs >= 1 && opts.jobs <= 8)) usage('--jobs 1..8'); break;
      case '--shared': opts.shared = path.resolve(v()); break;
      case '--check': opts.check = true; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${a[i]}`);
    }
  }
}

// ---------- tools ----------
// /usr/bin first, so that `convert` is ImageMagick's and not a stand-in earlier in PATH.
const ENV = { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH || ''}`, OMP_THREAD_LIMIT: '1' };
if (opts.jobs > 1) ENV.MAGICK_THREAD_LIMIT = '1'; // two documents at a time on two cores; same pixels either way
const TOOLS_DIR = path.join(opts.shared, 'corpus-tools');
const MAKE_SCANNED = path.join(TOOLS_DIR, 'make-scanned-deck');
const DEGRADE = path.join(TOOLS_DIR, 'degrade-page');
const SPEC2HTML = path.join(TOOLS_DIR, 'lib/spec2html.mjs');
function which(cmd) {
  for (const d of ENV.PATH.split(':')) { const p = path.join(d, cmd); try { fs.accessSync(p, fs.constants.X_OK); if (fs.statSync(p).isFile()) return p; } catch {} }
  return null;
}
const CHROME = process.env.CHROME || ['chromium', 'chromium-browser', 'google-chrome'].map(which).find(Boolean);
ENV.CHROME = CHROME || '';
const TOOLS = [
  ['pdftoppm', 'poppler-utils'], ['pdftotext', 'poppler-utils'], ['pdfinfo', 'poppler-utils'], ['pdfunite', 'poppler-utils'],
  ['pdffonts', 'poppler-utils'], ['img2pdf', 'img2pdf'], ['convert', 'imagemagick'], ['identify', 'imagemagick'],
  ['tesseract', 'tesseract-ocr'], ['md5sum', 'coreutils'], ['awk', 'gawk or mawk'], ['bash', 'bash'],
];
const require = createRequire(import.meta.url);
let PptxGenJS = null, JSZip = null, pptxVersion = null;
function loadPptx() {
  const main = require.resolve('pptxgenjs', { paths: [projectRoot] }); // <project>/node_modules/pptxgenjs/dist/pptxgen.cjs.js
  pptxVersion = JSON.parse(fs.readFileSync(path.resolve(path.dirname(main), '../package.json'), 'utf8')).version;
  PptxGenJS = require(main);
  JSZip = createRequire(main)('jszip'); // pptxgenjs's own dependency
}
function checkTools() {
  const missing = [];
  for (const [cmd, pkg] of TOOLS) {
    if (!which(cmd)) { missing.push(`${cmd} (apt-get install -y ${pkg})`); continue; }
    if (cmd === 'convert') {
      const r = spawnSync('convert', ['-version'], { env: ENV, encoding: 'utf8' });
      if (!/ImageMagick/.test(r.stdout || '')) missing.push('convert is not ImageMagick (apt-get install -y imagemagick)');
    }
  }
  if (!CHROME) missing.push('chromium (apt-get install -y chromium)');
  if (which('tesseract')) {
    const r = spawnSync('tesseract', ['--list-langs'], { env: ENV, encoding: 'utf8' });
    if (!/^eng$/m.test(`${r.stdout}${r.stderr}`)) missing.push('tesseract language eng (apt-get install -y tesseract-ocr-eng)');
  }
  for (const f of [MAKE_SCANNED, DEGRADE, SPEC2HTML]) if (!fs.existsSync(f)) missing.push(`${f} (the shared corpus tools; --shared DIR or ARKIV_SHARED)`);
  try { loadPptx(); } catch { missing.push('the npm package pptxgenjs (npm install in the project: it is a devDependency)'); }
  if (missing.length) {
    console.error(`build.mjs: missing tools:\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
}

const children = new Set(); // running child processes, stopped if the build fails
function stopChild(p, sig = 'SIGTERM') { try { process.kill(-p.pid, sig); } catch { try { p.kill(sig); } catch {} } }
function stopAll() { for (const c of children) stopChild(c); }
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopAll(); process.exit(130); });

// One build at a time per output folder (a bench may start this script while another build runs): a lock file with
// the builder's pid; a later build waits for it, a stale lock (its process is gone) is taken over.
async function lockOutput(dir) {
  const lock = path.join(dir, '.build.lock');
  fs.mkdirSync(dir, { recursive: true });
  let told = false;
  for (;;) {
    try { fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' }); break; } catch (e) { if (e.code !== 'EEXIST') throw e; }
    const pid = Number(fs.readFileSync(lock, 'utf8').trim());
    let alive = false;
    try { process.kill(pid, 0); alive = true; } catch (e) { alive = e.code === 'EPERM'; }
    if (!alive || pid === process.pid) { fs.rmSync(lock, { force: true }); continue; }
    if (!told) { console.log(`another build (pid ${pid}) is writing ${dir}; waiting for it to finish`); told = true; }
    await new Promise((r) => setTimeout(r, 2000));
  }
  process.on('exit', () => {
    try { if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.rmSync(lock, { force: true }); } catch {}
  });
}
function run(cmd, args, { cwd, timeoutMs = 600_000, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    // own process group, so that stopping a build also stops a script's children (make-scanned-deck → convert, chromium)
    const p = spawn(cmd, args, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(p);
    const out = [], err = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    const t = setTimeout(() => { stopChild(p, 'SIGKILL'); }, timeoutMs);
    p.on('error', (e) => { clearTimeout(t); children.delete(p); reject(new Error(`${cmd}: ${e.message}`)); });
    p.on('close', (code, sig) => {
      clearTimeout(t); children.delete(p);
      const text = (chunks) => Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve(text(out));
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${sig || `exit ${code}`})${quiet ? '' : `\n${`${text(err)}\n${text(out)}`.trim().split('\n').slice(-10).join('\n')}`}`));
    });
  });
}
async function chromePdf(htmlFile, pdfFile, tmp, extra = []) {
  const prof = fs.mkdtempSync(path.join(tmp, 'chrome-'));
  try {
    await run(CHROME, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${prof}`,
      '--hide-scrollbars', ...extra, '--no-pdf-header-footer', `--print-to-pdf=${pdfFile}`, `file://${htmlFile}`], { timeoutMs: 120_000 });
  } finally { fs.rmSync(prof, { recursive: true, force: true }); }
  if (!fs.existsSync(pdfFile) || fs.statSync(pdfFile).size === 0) throw new Error(`Chromium printed no PDF for ${htmlFile}`);
}
async function pdfPages(pdf) { return Number(/^Pages:\s+(\d+)/m.exec(await run('pdfinfo', [pdf]))?.[1]); }

// ---------- documents ----------
const KINDS = new Set(['spec', 'html']);
const pad = (n) => String(n).padStart(2, '0');
function loadDocuments() {
  const raw = JSON.parse(fs.readFileSync(path.join(docsDir, 'documents.json'), 'utf8'));
  const docs = Array.isArray(raw) ? raw : raw.documents;
  const seen = new Set();
  for (const d of docs) {
    const bad = (m) => { console.error(`documents.json: ${d.id || '?'}: ${m}`); process.exit(2); };
    if (!/^[a-z0-9][a-z0-9-]*$/.test(d.id || '')) bad('id must be lower-case letters, digits and -');
    if (seen.has(d.id)) bad('duplicate id'); seen.add(d.id);
    if (!KINDS.has(d.kind)) bad(`kind must be one of ${[...KINDS].join(', ')}`);
    if (!['dev', 'heldout'].includes(d.split)) bad('split must be dev or heldout');
    if (![150, 200, 300].includes(d.dpi)) bad('dpi must be 150, 200 or 300');
    if (!Number.isInteger(d.seed) || d.seed < 1) bad('seed must be a positive integer');
    if (d.orient !== undefined && !/^\d+:(90|180|270)(,\d+:(90|180|270))*$/.test(d.orient)) bad('orient must look like "3:90" or "2:90,4:180"');
    d.sourcePath = path.join(docsDir, `${d.id}.${d.kind}`);
    d.expectedPath = path.join(docsDir, `${d.id}.expected.json`);
    if (!fs.existsSync(d.sourcePath)) bad(`source not found: ${d.sourcePath}`);
    if (!fs.existsSync(d.expectedPath)) bad(`answer key not found: ${d.expectedPath}`);
  }
  return docs.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---------- slide specs ----------
// The corpus-tools format (shared/corpus-tools/README.md), parsed as lib/spec2html.mjs parses it, plus our directives.
const TABLE_STYLES = ['band', 'grid', 'unruled', 'headrule', 'zebra-noband'];
const BULLET_RE = /^(▪|•|■|➢|►|–|-|\*)\s+/;
function parseSpec(src, file) {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const deck = { title: '', sidebar: '', logo: '', footer: '', accent: '#00607f', bullet: '▪', 'table-style': 'band', 'col-widths': '' };
  const slides = [];
  const clean = []; // the spec without our own directives, for spec2html
  let cur = null;
  const fail = (m, i) => { throw new Error(`${path.basename(file)}:${i + 1}: ${m}`); };
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    let mm;
    const m = line.match(/^---\s*([\w-]+)?\s*(.*)$/);
    if (m) {
      cur = { layout: m[1] || 'content', arg: m[2] || '', title: [], cols: [[]], table: null, footer: true, logo: true,
        sidebar: true, footerText: null, tableStyle: null, colWidths: null };
      slides.push(cur); clean.push(raw); return;
    }
    if (!cur) {
      const d = line.match(/^@([\w-]+):\s*(.*)$/);
      if (d && (d[1] === 'table-style' || d[1] === 'col-widths')) { deck[d[1]] = d[2].trim(); return; }
      if (d) deck[d[1]] = d[2];
      clean.push(raw); return;
    }
    if ((mm = line.match(/^!(table-style|col-widths):\s*(.*)$/))) {
      if (mm[1] === 'table-style') cur.tableStyle = mm[2].trim(); else cur.colWidths = mm[2].trim();
      return;
    }
    clean.push(raw);
    const col = cur.cols[cur.cols.length - 1];
    const last = col[col.length - 1];
    if (line === '') { col.push({ type: 'gap' }); return; }
    if (line === '||') { cur.cols.push([]); return; }
    if (line === '!nofooter') { cur.footer = false; return; }
    if (line === '!nologo') { cur.logo = false; return; }
    if (line === '!nosidebar') { cur.sidebar = false; return; }
    if ((mm = line.match(/^!footer:\s*(.*)$/))) { cur.footerText = mm[1]; return; }
    if (/^!notes:/.test(line)) return;
    if (line.startsWith('!')) fail(`unknown slide directive ${line}`, i);
    if ((mm = line.match(/^# (.*)$/))) { cur.title.push(mm[1]); return; }
    if ((mm = line.match(/^\[\[(\w+)\s*(.*)\]\]$/))) { col.push({ type: 'graphic', kind: mm[1], arg: mm[2] }); return; }
    if ((mm = line.match(/^(###?) (.*)$/))) {
      const type = mm[1] === '##' ? 'h2' : 'h3';
      if (last && last.type === type) last.lines.push(mm[2]); else col.push({ type, lines: [mm[2]] });
      return;
    }
    if ((mm = line.match(/^> ?(.*)$/))) {
      if (last && last.type === 'callout') last.lines.push(mm[1]); else col.push({ type: 'callout', lines: [mm[1]] });
      return;
    }
    if (line.startsWith('|')) {
      const cells = line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
      if (!cur.table) { cur.table = { header: cells, rows: [] }; col.push({ type: 'table' }); }
      else if (last && last.type !== 'table') fail('a slide can hold only one table (spec2html)', i);
      else {
        if (cells.length !== cur.table.header.length) fail(`table row has ${cells.length} cells, the header ${cur.table.header.length}`, i);
        cur.table.rows.push(cells);
      }
      return;
    }
    if ((mm = line.match(BULLET_RE))) {
      col.push({ type: 'bullet', glyph: mm[1] === '*' ? deck.bullet : mm[1], lines: [line.slice(mm[0].length)] });
      return;
    }
    if (line.startsWith('  ') && last && last.type === 'bullet') { last.lines.push(line.trim()); return; }
    if (last && last.type === 'p') last.lines.push(line); else col.push({ type: 'p', lines: [line] });
  });
  for (const [i, s] of slides.entries()) {
    s.tableStyle ??= deck['table-style'];
    s.colWidths ??= deck['col-widths'];
    if (!TABLE_STYLES.includes(s.tableStyle)) throw new Error(`${path.basename(file)}: slide ${i + 1}: table style "${s.tableStyle}" is not one of ${TABLE_STYLES.join(', ')}`);
    if (s.table && s.colWidths) {
      const w = s.colWidths.split(',').map(Number);
      if (w.length === s.table.header.length && w.every((x) => x > 0)) s.widths = w.map((x) => (100 * x) / w.reduce((a, b) => a + b, 0));
    }
    if (s.table && !s.widths) {
      const n = s.table.header.length;
      s.widths = n === 3 ? [20, 28, 52] : Array(n).fill(100 / n); // spec2html's own widths
    }
  }
  return { deck, slides, cleanSpec: clean.join('\n') };
}

// CSS injected into spec2html's slide HTML: the table style, column widths, and a table font relative to the content
// font, so that spec2html's fit script (which shrinks the content font until nothing overflows) shrinks tables too.
const STYLE_CSS = {
  band: `.content th { background: var(--accent); color: #fff; border: none }
.content td { border-bottom: 2px solid #9aabb5; background: transparent }
.content tbody tr:nth-child(even) td { background: transparent }`,
  grid: `.content table { border: 2px solid #1d1d1d }
.content th, .content td { border: 2px solid #1d1d1d }
.content th { background: #e8ebee; color: #111 }
.content tbody tr:nth-child(even) td { background: transparent }`,
  unruled: `.content th { background: transparent; color: var(--ink); border: none; padding-left: 0; padding-right: 34px }
.content td { border: none; padding-left: 0; padding-right: 34px }
.content tbody tr:nth-child(even) td { background: transparent }`,
  headrule: `.content th { background: transparent; color: var(--ink); border: none; border-bottom: 3px solid var(--ink) }
.content td { border: none }
.content tbody tr:nth-child(even) td { background: transparent }`,
  'zebra-noband': `.content th { background: transparent; color: var(--accent); border: none }
.content td { border: none }
.content tbody tr:nth-child(odd) td { background: #e9eff2 }
.content tbody tr:nth-child(even) td { background: transparent }`,
};
function slideCss(s) {
  const widths = s.table ? s.widths.map((w, i) => `.content colgroup col:nth-child(${i + 1}) { width: ${w.toFixed(2)}% !important }`).join('\n') : '';
  return `<style data-devset="table-style:${s.tableStyle}">
.content table { font-size: 0.8em; line-height: 1.22 }
.content th { font-size: 1em; padding: 11px 16px }
.content td { padding: 9px 16px }
${STYLE_CSS[s.tableStyle]}
${widths}
</style>`;
}

// ---------- pptx from a spec ----------
// 1920×1080 CSS px (the HTML slide) = 10 × 5.625 in (LAYOUT_16x9): 192 px per inch, 1 px = 0.375 pt.
const PX = 1 / 192, PT = 0.375;
const hex = (c) => (c || '#000000').replace('#', '').toUpperCase();
const INK = '14283C', TINT = 'E4EEF2', GREY = '52606D', FONT = 'Calibri';
function estimateLines(text, widthPx, fontPx) { return Math.max(1, Math.ceil((text.length * fontPx * 0.5) / Math.max(widthPx, 40))); }

function blockHeight(b, fs, widthPx, table, widths) {
  const lh = fs * 1.28;
  switch (b.type) {
    case 'gap': return fs * 0.75;
    case 'p': case 'h3': return b.lines.length * lh;
    case 'h2': return b.lines.length * lh * 1.08 + 8;
    case 'bullet': return b.lines.length * lh + 4;
    case 'callout': return b.lines.length * lh * 1.04 + 44;
    case 'graphic': return b.kind === 'people' ? 200 : b.kind === 'photo' ? 360 : 580;
    case 'table': {
      const tfs = fs * 0.8;
      const rowH = (cells) => Math.max(...cells.map((c, i) => estimateLines(c, (widthPx * widths[i]) / 100 - 32, tfs))) * tfs * 1.22 + 20;
      return rowH(table.header) + table.rows.reduce((h, r) => h + rowH(r), 0);
    }
  }
  return 0;
}

function buildPptx(spec, outFile, title) {
  const { deck, slides } = spec;
  const ACC = hex(deck.accent);
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  pptx.author = 'KKR Nordjylland';
  pptx.company = 'KKR Nordjylland';
  pptx.title = title;
  const logo = deck.logo ? deck.logo.split('/').map((s) => s.trim()).filter(Boolean) : [];
  const masters = { cover: { y: 0, h: 250, fs: 66 }, content: { y: 0, h: 150, fs: 50 } };
  for (const [name, m] of Object.entries(masters)) {
    pptx.defineSlideMaster({
      title: `DEVSET_${name.toUpperCase()}`,
      background: { color: 'FFFFFF' },
      objects: [
        { rect: { x: 92 * PX, y: 0, w: 10 - 92 * PX, h: m.h * PX, fill: { color: TINT }, line: { color: TINT, width: 0 } } },
        { rect: { x: 92 * PX, y: m.h * PX, w: 10 - 92 * PX, h: 6 * PX, fill: { color: ACC }, line: { color: ACC, width: 0 } } },
        { placeholder: { options: { name: 'title', type: 'title', x: 162 * PX, y: 0.05, w: (1920 - 162 - 300) * PX, h: m.h * PX - 0.1,
          fontFace: FONT, fontSize: m.fs * PT, bold: true, color: INK, align: 'left', valign: 'middle', margin: 0 }, text: '' } },
      ],
    });
  }
  pptx.defineSlideMaster({
    title: 'DEVSET_CLOSING', background: { color: 'FFFFFF' },
    objects: [{ placeholder: { options: { name: 'title', type: 'title', x: 162 * PX, y: 330 * PX, w: (1920 - 232) * PX, h: 1.0,
      fontFace: FONT, fontSize: 80 * PT, bold: true, color: INK, align: 'center', valign: 'top', margin: 0 }, text: '' } }],
  });

  const bulletOpt = (g) => ({ code: { '▪': '25AA', '•': '2022', '■': '25A0', '➢': '27A2', '►': '25BA', '–': '2013', '-': '002D' }[g] || '2022', indent: 18 });
  for (const s of slides) {
    const layout = s.layout === 'cover' ? 'cover' : s.layout === 'closing' ? 'closing' : 'content';
    const slide = pptx.addSlide({ masterName: `DEVSET_${layout.toUpperCase()}` });
    // furniture
    if (s.sidebar && deck.sidebar) {
      slide.addShape(pptx.ShapeType.rect, { x: 0, y: 0, w: 92 * PX, h: 5.625, fill: { color: ACC }, line: { color: ACC, width: 0 } });
      slide.addText(deck.sidebar, { x: 46 * PX - 2.6, y: 2.8125 - 0.22, w: 5.2, h: 0.44, rotate: 270, align: 'center', valign: 'middle',
        fontFace: FONT, fontSize: 27 * PT, bold: true, color: 'FFFFFF', charSpacing: 1.5, margin: 0 });
    }
    const footerText = s.footerText ?? deck.footer;
    if (s.footer && footerText) {
      slide.addShape(pptx.ShapeType.line, { x: 162 * PX, y: (1080 - 84) * PX, w: (1920 - 162 - 330) * PX, h: 0, line: { color: 'C9D5DC', width: 1 } });
      slide.addText(footerText, { x: 162 * PX, y: (1080 - 80) * PX, w: 6, h: 0.25, fontFace: FONT, fontSize: 20 * PT, color: GREY, charSpacing: 1, margin: 0 });
    }
    if (s.logo && logo.length) {
      const lx = (1920 - 56 - 236) * PX, ly = (1080 - 34 - 96) * PX;
      slide.addShape(pptx.ShapeType.rect, { x: lx, y: ly, w: 236 * PX, h: 96 * PX, fill: { color: 'FFFFFF' }, line: { color: INK, width: 2 } });
      slide.addText([
        { text: logo[0], options: { fontSize: 44 * PT, bold: true, color: INK, charSpacing: 3, breakLine: !!logo[1] } },
        ...(logo[1] ? [{ text: logo[1], options: { fontSize: 19 * PT, bold: true, color: ACC, charSpacing: 2 } }] : []),
      ], { x: lx, y: ly, w: 236 * PX, h: 96 * PX, align: 'center', valign: 'middle', fontFace: FONT, margin: 0 });
    }
    // title: the layout's title placeholder
    if (s.title.length) {
      slide.addText(s.title.map((t, i) => ({ text: t, options: { breakLine: i < s.title.length - 1 } })), { placeholder: 'title' });
    }
    // body: columns side by side, blocks stacked; consecutive text blocks share one text box
    const top = layout === 'cover' ? 320 : layout === 'closing' ? 330 + 80 * 1.2 * s.title.length + 30 : 200;
    const bottom = 1080 - 150, left = 162, right = 1920 - 70, gapX = 70;
    const totalW = right - left;
    const colW = s.layout === 'two-column' && s.cols.length > 1
      ? [parseFloat(s.arg || '45'), 100 - parseFloat(s.arg || '45')].map((p) => (p / 100) * totalW - gapX / 2)
      : s.cols.map(() => (totalW - gapX * (s.cols.length - 1)) / s.cols.length);
    let fs = layout === 'cover' ? 34 : 31;
    const heights = (f) => s.cols.map((col, ci) => col.reduce((h, b) => h + blockHeight(b, f, colW[ci], s.table, s.widths || []), 0));
    while (Math.max(0, ...heights(fs)) > bottom - top && fs > 16) fs -= 1; // as spec2html's fit script does
    let x = left;
    s.cols.forEach((col, ci) => {
      const w = colW[ci];
      let y = top;
      let group = []; let groupH = 0;
      const flush = () => {
        if (!group.length) return;
        const runs = [];
        let spaceBefore = 0;
        for (const b of group) {
          if (b.type === 'gap') { spaceBefore += fs * 0.75 * PT; continue; }
          const base = { fontFace: FONT, fontSize: fs * PT, color: INK, bold: false, align: layout === 'closing' ? 'center' : 'left' };
          if (b.type === 'h2') Object.assign(base, { bold: true, color: ACC, fontSize: fs * 1.08 * PT });
          if (b.type === 'h3') base.bold = true;
          b.lines.forEach((line, i) => {
            const o = { ...base };
            if (i === 0) {
              if (b.type === 'bullet') o.bullet = bulletOpt(b.glyph);
              if (spaceBefore) { o.paraSpaceBefore = spaceBefore; spaceBefore = 0; }
            } else o.softBreakBefore = true;
            if (i === b.lines.length - 1) o.breakLine = true;
            runs.push({ text: line, options: o });
          });
        }
        if (runs.length) {
          delete runs[runs.length - 1].options.breakLine;
          slide.addText(runs, { x: x * PX, y: y * PX, w: w * PX, h: Math.max(groupH, fs) * PX, valign: 'top', margin: 0, autoFit: false });
        }
        y += groupH; group = []; groupH = 0;
      };
      for (const b of col) {
        const h = blockHeight(b, fs, w, s.table, s.widths || []);
        if (b.type === 'table') {
          flush();
          const tfs = fs * 0.8 * PT;
          const st = s.tableStyle;
          const none = { type: 'none' };
          const rule = (c, pt) => ({ type: 'solid', color: c, pt });
          const cell = (text, head, ri) => {
            const o = { fontFace: FONT, fontSize: tfs, color: INK, valign: 'top', margin: [4, 6, 4, 6] };
            let border = [none, none, none, none]; // top right bottom left
            if (head) {
              o.bold = true;
              if (st === 'band') Object.assign(o, { fill: { color: ACC }, color: 'FFFFFF' });
              if (st === 'grid') o.fill = { color: 'E8EBEE' };
              if (st === 'zebra-noband') o.color = ACC;
              if (st === 'headrule') border = [none, none, rule(INK, 1.5), none];
            } else {
              if (st === 'band') border = [none, none, rule('9AABB5', 1), none];
              if (st === 'zebra-noband' && ri % 2 === 0) o.fill = { color: 'E9EFF2' };
            }
            if (st === 'grid') border = [rule('1D1D1D', 1), rule('1D1D1D', 1), rule('1D1D1D', 1), rule('1D1D1D', 1)];
            o.border = border;
            return { text, options: o };
          };
          const rows = [s.table.header.map((c) => cell(c, true, 0)), ...s.table.rows.map((r, ri) => r.map((c) => cell(c, false, ri)))];
          slide.addTable(rows, { x: x * PX, y: y * PX, w: w * PX, colW: s.widths.map((p) => (p / 100) * w * PX), autoPage: false });
          y += h;
        } else if (b.type === 'graphic') {
          flush();
          if (b.kind === 'people') {
            const n = parseInt(b.arg || '8', 10);
            for (let i = 0; i < n; i++) {
              const cx = x + (w - n * 90) / 2 + i * 90 + 30;
              const color = i % 3 === 0 ? ACC : i % 3 === 1 ? '7FA9BA' : '2D3E50';
              slide.addShape(pptx.ShapeType.ellipse, { x: (cx - 20) * PX, y: (y + 60) * PX, w: 40 * PX, h: 40 * PX, fill: { color }, line: { color, width: 0 } });
              slide.addShape(pptx.ShapeType.roundRect, { x: (cx - 30) * PX, y: (y + 116) * PX, w: 60 * PX, h: 74 * PX, rectRadius: 0.08, fill: { color }, line: { color, width: 0 } });
            }
          } else {
            const gw = b.kind === 'photo' ? 600 : 1000, gh = b.kind === 'photo' ? 340 : 560;
            slide.addShape(pptx.ShapeType.rect, { x: x * PX, y: (y + 20) * PX, w: gw * PX, h: gh * PX, fill: { color: '9DB7C7' }, line: { color: '9DB7C7', width: 0 } });
          }
          y += h;
        } else if (b.type === 'callout') {
          flush();
          slide.addShape(pptx.ShapeType.rect, { x: x * PX, y: y * PX, w: 12 * PX, h: (h - 8) * PX, fill: { color: ACC }, line: { color: ACC, width: 0 } });
          slide.addText(b.lines.map((l, i) => ({ text: l, options: { breakLine: i < b.lines.length - 1 } })),
            { x: (x + 12) * PX, y: y * PX, w: (w - 12) * PX, h: (h - 8) * PX, fill: { color: TINT }, fontFace: FONT, fontSize: fs * 1.04 * PT,
              italic: true, color: INK, valign: 'middle', margin: [8, 14, 8, 14] });
          y += h;
        } else { group.push(b); groupH += h; }
      }
      flush();
      x += w + gapX;
    });
  }
  return pptx;
}

// pptxgenjs writes an <a:pPr> after each soft break (<a:br/>), which is not valid DrawingML (PowerPoint offers to
// "repair" the file; shared/corpus-tools/lib/make-pptx.cjs removes them the same way). Tables get firstRow="1" (the
// first row is the header; pptxgenjs writes an empty <a:tblPr/>). Zip entry times and core.xml dates are fixed.
async function writePptx(pptx, outFile, tableStyles) {
  const zip = await JSZip.loadAsync(await pptx.write({ outputType: 'nodebuffer' }));
  const out = new JSZip();
  let tables = 0;
  for (const name of Object.keys(zip.files).sort()) {
    const f = zip.files[name];
    if (f.dir) continue;
    let data = await f.async(/\.(xml|rels)$/.test(name) ? 'string' : 'nodebuffer');
    const sm = /^ppt\/slides\/slide(\d+)\.xml$/.exec(name);
    if (sm) {
      data = data.replace(/<a:br\/><a:pPr\b[^>]*?(?:\/>|>.*?<\/a:pPr>)/g, '<a:br/>');
      if (/<a:br\/><a:pPr/.test(data)) throw new Error(`pPr after br left in ${name}`);
      const band = tableStyles[Number(sm[1]) - 1] === 'zebra-noband' ? ' bandRow="1"' : '';
      data = data.replace(/<a:tblPr\/>/g, () => { tables++; return `<a:tblPr firstRow="1"${band}/>`; });
    }
    if (name === 'docProps/core.xml') {
      data = data.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${FIXED_DATE.toISOString().replace(/\.\d+Z$/, 'Z')}$2`);
    }
    out.file(name, data, { date: FIXED_DATE, createFolders: false });
  }
  const buf = await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 },
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' });
  fs.writeFileSync(outFile, buf);
  return tables;
}

// ---------- HTML tables (A4 documents), for checking the answer keys ----------
const ENT = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '' };
const decode = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) =>
  e[0] === '#' ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENT[e.toLowerCase()] ?? m);
const cellText = (html) => decode(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
function htmlTables(html) {
  // tables per page (<section class="page">), rows of cell texts
  const pages = html.split(/<section\b[^>]*class="page"[^>]*>/).slice(1);
  const out = [];
  pages.forEach((p, i) => {
    for (const t of p.matchAll(/<table\b[\s\S]*?<\/table>/g)) {
      const rows = [...t[0].matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((r) => [...r[0].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => cellText(c[1])));
      out.push({ page: i + 1, rows });
    }
  });
  return { pages: pages.length, tables: out };
}

// ---------- answer keys ----------
const FORUMS = ['KKR Nordjylland', 'DAS', 'FU', 'Socialpolitisk Dialogforum', 'Dialogforum', 'byråd', 'regionsråd', 'socialudvalg',
  'fagudvalg', 'Socialstyrelsen', 'KL', 'Kommunaldirektørkredsen'];
const DATE_HEADER = /^(tidspunkt|dato|hvornår|periode|måned|frist)$/i;
function isoWeek(year, week) { // Monday and Sunday of ISO week `week`
  const j4 = new Date(Date.UTC(year, 0, 4));
  const mon = new Date(j4.getTime() - ((j4.getUTCDay() + 6) % 7) * 864e5 + (week - 1) * 7 * 864e5);
  return [mon, new Date(mon.getTime() + 6 * 864e5)].map((d) => d.toISOString().slice(0, 10));
}
function validIso(s) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  if (m[2] && !(+m[2] >= 1 && +m[2] <= 12)) return false;
  if (m[3]) { const d = new Date(`${s}T00:00:00Z`); if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return false; }
  return true;
}
// The date conventions of README.md that can be read off the written date: seasons, half-years, quarters,
// primo/medio/ultimo, months by name.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const monthOf = (w) => MONTHS.indexOf(w.toLowerCase().slice(0, 3)) + 1;
function conventionErrors(when, date) {
  const errs = [];
  const w = when.toLowerCase();
  const mm = (s) => s.slice(5, 7);
  const want = (from, to, why) => {
    if (mm(date.from) !== from || mm(date.to) !== to) errs.push(`"${when}": ${why} is months ${from}..${to}, not ${date.from}..${date.to}`);
  };
  const seasons = { forår: ['03', '05'], sommer: ['06', '08'], efterår: ['09', '11'], vinter: ['01', '02'] };
  for (const [k, [a, b]] of Object.entries(seasons)) if (new RegExp(`(^|\\s)${k}\\b`).test(w)) want(a, b, k);
  let m;
  if ((m = /([12])\. halvår/.exec(w))) want(m[1] === '1' ? '01' : '07', m[1] === '1' ? '06' : '12', `${m[1]}. halvår`);
  if ((m = /\bq([1-4])\b|([1-4])\. kvartal/.exec(w))) { const q = Number(m[1] || m[2]); want(pad(3 * q - 2), pad(3 * q), `quarter ${q}`); }
  if ((m = /^(?:senest )?(primo|medio|ultimo) (\d{4})$/.exec(w))) {
    const r = { primo: ['01', '01'], medio: ['06', '07'], ultimo: ['12', '12'] }[m[1]];
    want(r[0], r[1], `${m[1]} ${m[2]}`);
  } else if ((m = /(primo|medio|ultimo) ([a-zæøå]+)/.exec(w)) && monthOf(m[2]) > 0) want(pad(monthOf(m[2])), pad(monthOf(m[2])), `${m[1]} ${m[2]}`);
  // a single month or a day in a month, written by name: the month must be the one written
  if ((m = /^(?:senest (?:den )?)?(?:\d{1,2}\. )?([a-zæøå]+)\.?(?: \d{4})?$/.exec(w)) && monthOf(m[1]) > 0) {
    if (Number(mm(date.from)) !== monthOf(m[1]) || Number(mm(date.to)) !== monthOf(m[1])) errs.push(`"${when}" is in month ${monthOf(m[1])}, not ${date.from}..${date.to}`);
    const day = /^(?:senest (?:den )?)?(\d{1,2})\./.exec(w);
    if (day && (date.from.length !== 10 || Number(date.from.slice(8)) !== Number(day[1]) || date.from !== date.to)) errs.push(`"${when}" is day ${day[1]}, not ${date.from}..${date.to}`);
  }
  // day ranges "3.-4. juni": two days
  if ((m = /^(\d{1,2})\.\s*[-–]\s*(\d{1,2})\. ([a-zæøå]+)/.exec(w))) {
    if (Number(date.from.slice(8)) !== Number(m[1]) || Number(date.to.slice(8)) !== Number(m[2]) || Number(mm(date.from)) !== monthOf(m[3]))
      errs.push(`"${when}" is days ${m[1]}..${m[2]} of month ${monthOf(m[3])}, not ${date.from}..${date.to}`);
  }
  return errs;
}
const startOf = (s) => (s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s);
const norm = (s) => String(s).replace(/\s+/g, ' ').trim();

function validateExpected(d, exp, source) {
  const errs = [];
  const e = (m) => errs.push(`${d.id}.expected.json: ${m}`);
  const layout = d.kind === 'spec' ? 'slides' : 'pages';
  if (exp.id !== d.id) e(`id "${exp.id}" is not "${d.id}"`);
  if (typeof exp.title !== 'string' || !exp.title) e('title missing');
  if (exp.layout !== layout) e(`layout must be "${layout}" for a ${d.kind} document`);
  if (exp.period !== null) {
    if (!exp.period || !Number.isInteger(exp.period.from) || !Number.isInteger(exp.period.to) || exp.period.from > exp.period.to
      || exp.period.from < 2000 || exp.period.to > 2100) e('period must be null or {from, to} years with from <= to');
  }
  if (typeof exp.documentType !== 'string' || !exp.documentType) e('documentType missing');
  if (!Array.isArray(exp.forums)) e('forums must be a list');
  else {
    for (const f of exp.forums) if (!FORUMS.includes(f)) e(`forum "${f}" is not a canonical name (${FORUMS.join(', ')})`);
    if (new Set(exp.forums).size !== exp.forums.length) e('forums has duplicates');
  }
  if (!Array.isArray(exp.focusAreas) || exp.focusAreas.some((f) => typeof f !== 'string' || !f)) e('focusAreas must be a list of strings');
  if (!Array.isArray(exp.attachments) || exp.attachments.some((a) => !a || typeof a.title !== 'string' || !a.title || !(a.label === null || typeof a.label === 'string')))
    e('attachments must be a list of {label, title}');
  if (!Array.isArray(exp.timeline)) { e('timeline must be a list'); return errs; }
  if (!Array.isArray(exp.tables)) { e('tables must be a list'); return errs; }
  const text = source.text.replace(/&shy;/g, '').replace(/\s+/g, ' ');
  exp.timeline.forEach((t, i) => {
    const at = `timeline[${i}] (${t.when})`;
    if (typeof t.when !== 'string' || !t.when) e(`${at}: when missing`);
    if (typeof t.action !== 'string' || !t.action) e(`${at}: action missing`);
    if (!(t.forum === null || FORUMS.includes(t.forum))) e(`${at}: forum "${t.forum}" is neither null nor a canonical name`);
    if (typeof t.yearInferred !== 'boolean') e(`${at}: yearInferred must be true or false`);
    if (!Number.isInteger(t.page) || t.page < 1 || t.page > source.pages) e(`${at}: page ${t.page} outside 1..${source.pages}`);
    if (!['table', 'list', 'text'].includes(t.source)) e(`${at}: source must be table, list or text`);
    if (!t.date || !validIso(t.date.from) || !validIso(t.date.to)) { e(`${at}: date must be {from, to} ISO dates (YYYY, YYYY-MM, YYYY-MM-DD)`); return; }
    if (t.date.from.length !== t.date.to.length) e(`${at}: from and to have different precision`);
    if (startOf(t.date.from) > startOf(t.date.to)) e(`${at}: from ${t.date.from} is after to ${t.date.to}`);
    const years = [...(t.when || '').matchAll(/\b(19|20)\d{2}\b/g)].map((m) => m[0]);
    if (typeof t.yearInferred === 'boolean' && t.yearInferred === (years.length > 0)) e(`${at}: yearInferred is ${t.yearInferred}, but the date ${years.length ? 'names' : 'does not name'} a year`);
    if (years.length && !years.includes(t.date.from.slice(0, 4)) && !years.includes(t.date.to.slice(0, 4))) e(`${at}: the date's year is not the one written`);
    const wk = /\buge (\d{1,2})\b/i.exec(t.when || '');
    if (wk) {
      const [mon, sun] = isoWeek(Number(t.date.from.slice(0, 4)), Number(wk[1]));
      if (t.date.from !== mon || t.date.to !== sun) e(`${at}: ISO week ${wk[1]} is ${mon}..${sun}, not ${t.date.from}..${t.date.to}`);
    }
    for (const msg of conventionErrors(t.when || '', t.date)) e(`${at}: ${msg}`);
    if (typeof t.when === 'string' && !text.toLowerCase().includes(norm(t.when).toLowerCase())) e(`${at}: "${t.when}" is not in the source`);
  });
  // tables: as in the source, one entry per source table, in order; timeline rows match the timeline items
  const src = source.tables;
  if (exp.tables.length !== src.length) e(`tables: ${exp.tables.length} listed, the source has ${src.length}`);
  exp.tables.forEach((t, i) => {
    const at = `tables[${i}] (page ${t.page})`;
    const s = src[i];
    if (!s) return;
    if (t.page !== s.page) e(`${at}: the source's table ${i + 1} is on page ${s.page}`);
    if (typeof t.timeline !== 'boolean') e(`${at}: timeline must be true or false`);
    if (!Array.isArray(t.rows) || JSON.stringify(t.rows.map((r) => r.map(norm))) !== JSON.stringify(s.rows.map((r) => r.map(norm))))
      e(`${at}: rows differ from the source's table:\n      expected.json: ${JSON.stringify(t.rows)}\n      source:        ${JSON.stringify(s.rows)}`);
    const items = exp.timeline.filter((x) => x.source === 'table' && x.page === t.page);
    if (!t.timeline) {
      if (items.length && !exp.tables.some((u) => u.timeline && u.page === t.page)) e(`${at}: not a timeline, but timeline items from a table are on its page`);
      return;
    }
    const dc = (t.rows[0] || []).findIndex((h) => DATE_HEADER.test(norm(h)));
    if (dc < 0) { if (!items.length) e(`${at}: a timeline table without timeline items`); return; }
    const dated = t.rows.slice(1).filter((r) => norm(r[dc]) !== '');
    if (dated.length !== items.length) e(`${at}: ${dated.length} rows with a date, ${items.length} timeline items from the table`);
    dated.forEach((r, k) => { if (items[k] && norm(items[k].when) !== norm(r[dc])) e(`${at}: row ${k + 1}'s date "${r[dc]}" ≠ timeline item "${items[k].when}"`); });
  });
  for (const x of exp.timeline.filter((x) => x.source === 'table')) {
    if (!exp.tables.some((t) => t.timeline && t.page === x.page)) e(`timeline item "${x.when}" (source table) on page ${x.page}, which has no timeline table`);
  }
  return errs;
}
function sourceFacts(d) {
  const text = fs.readFileSync(d.sourcePath, 'utf8');
  if (d.kind === 'spec') {
    const spec = parseSpec(text, d.sourcePath);
    return { text, spec, pages: spec.slides.length,
      tables: spec.slides.flatMap((s, i) => (s.table ? [{ page: i + 1, rows: [s.table.header, ...s.table.rows] }] : [])) };
  }
  const t = htmlTables(text);
  return { text: cellText(text.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<!--[\s\S]*?-->/g, '')), pages: t.pages, tables: t.tables };
}

// ---------- building one document ----------
function docHash(d) {
  const h = createHash('sha256');
  const { sourcePath: _a, expectedPath: _b, ...entry } = d;
  h.update(`build.mjs v${BUILD_VERSION}\npptxgenjs ${pptxVersion}\n`);
  h.update(JSON.stringify(entry, Object.keys(entry).sort()));
  h.update(fs.readFileSync(d.sourcePath));
  for (const f of [MAKE_SCANNED, DEGRADE, SPEC2HTML]) h.update(fs.readFileSync(f));
  return h.digest('hex');
}

async function buildSpec(d, facts, docDir, tmp, log) {
  const src = path.join(docDir, 'source');
  fs.mkdirSync(src, { recursive: true });
  const cleanSpec = path.join(src, `${d.id}.spec`);
  fs.writeFileSync(cleanSpec, facts.spec.cleanSpec);
  await run('node', [SPEC2HTML, cleanSpec, src]);
  const slides = facts.spec.slides;
  const htmls = slides.map((_, i) => path.join(src, 'html', `slide-${pad(i + 1)}.html`));
  htmls.forEach((f, i) => {
    const html = fs.readFileSync(f, 'utf8');
    if (!html.includes('</head>')) throw new Error(`${f}: no </head> to inject the table style into`);
    fs.writeFileSync(f, html.replace('</head>', `${slideCss(slides[i])}\n</head>`));
  });
  // born-digital PDF, one 1920×1080 page per slide: the slides as iframes of one page, printed by one Chromium run
  // (each slide keeps its own document and fit script; the text stays text; same pixels as printing slide by slide)
  const deckHtml = path.join(tmp, 'deck.html');
  fs.writeFileSync(deckHtml, `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: 1920px 1080px; margin: 0 } html, body { margin: 0; padding: 0 }
iframe { display: block; width: 1920px; height: 1080px; border: 0; break-after: page }
</style></head><body>
${htmls.map((f) => `<iframe src="file://${f}" scrolling="no"></iframe>`).join('\n')}
</body></html>\n`);
  const pdf = path.join(docDir, `${d.id}.pdf`);
  await chromePdf(deckHtml, pdf, tmp, ['--window-size=1920,1080', '--allow-file-access-from-files']);
  log(`${d.id}.pdf: ${htmls.length} slides printed`);
  // scan + legacy
  const args = [path.join(src, 'html'), docDir, '--name', d.id, '--legacy-ocr', '--dpi', String(d.dpi), '--seed', String(d.seed),
    '--truth', path.join(src, 'truth')];
  if (d.orient) args.push('--orient', d.orient);
  const out = await run(MAKE_SCANNED, args, { timeoutMs: 1_200_000 });
  for (const l of out.trim().split('\n').filter((l) => /\.pdf:/.test(l))) log(l.trim());
  // pptx
  const pptx = buildPptx(facts.spec, path.join(docDir, `${d.id}.pptx`), JSON.parse(fs.readFileSync(d.expectedPath, 'utf8')).title);
  const nTables = await writePptx(pptx, path.join(docDir, `${d.id}.pptx`), slides.map((s) => s.tableStyle));
  const want = slides.filter((s) => s.table).length;
  if (nTables !== want) throw new Error(`${d.id}.pptx: ${nTables} tables written, the spec has ${want}`);
  log(`${d.id}.pptx: ${slides.length} slides, ${nTables} tables`);
  return { pages: slides.length, pptx: true };
}

async function buildHtml(d, docDir, tmp, log) {
  const pdf = path.join(docDir, `${d.id}.pdf`);
  await chromePdf(d.sourcePath, pdf, tmp);
  const n = await pdfPages(pdf);
  log(`${d.id}.pdf: ${n} A4 pages printed`);
  fs.mkdirSync(path.join(docDir, 'pages'), { recursive: true });
  fs.mkdirSync(path.join(docDir, 'truth'), { recursive: true });
  const orient = Object.fromEntries((d.orient || '').split(',').filter(Boolean).map((x) => x.split(':').map(Number)));
  const pages = [];
  for (let k = 1; k <= n; k++) {
    const nn = pad(k);
    fs.writeFileSync(path.join(docDir, 'truth', `page-${nn}.txt`), await run('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(k), '-l', String(k), pdf, '-']));
    const base = path.join(tmp, `clean-${nn}`);
    await run('pdftoppm', ['-r', String(RENDER_DPI), '-png', '-singlefile', '-f', String(k), '-l', String(k), pdf, base]);
    const jpg = path.join(docDir, 'pages', `page-${nn}.jpg`);
    const line = await run(DEGRADE, [`${base}.png`, jpg, '--dpi', String(d.dpi), '--seed', String(d.seed + k), '--paper', 'a4p',
      '--orient', String(orient[k] || 0)]);
    fs.rmSync(`${base}.png`, { force: true });
    await run('tesseract', [jpg, path.join(tmp, `legacy-${nn}`), '-l', 'eng', 'pdf'], { quiet: true });
    pages.push(nn);
    log(`page ${nn}: ${line.trim().replace(`${docDir}/`, '')}`);
  }
  const scan = path.join(docDir, `${d.id}-scan.pdf`), legacy = path.join(docDir, `${d.id}-legacy.pdf`);
  await run('img2pdf', ['--producer', '', '--creator', 'Scan', '--nodate', ...pages.map((nn) => `pages/page-${nn}.jpg`), '-o', scan], { cwd: docDir });
  await run('pdfunite', [...pages.map((nn) => path.join(tmp, `legacy-${nn}.pdf`)), legacy]);
  const fonts = (await run('pdffonts', [scan])).trim().split('\n').slice(2).filter(Boolean).length;
  const scanText = (await run('pdftotext', [scan, '-'])).replace(/\s/g, '').length;
  if (fonts || scanText) throw new Error(`${d.id}: the scan PDF unexpectedly has text (fonts ${fonts}, ${scanText} chars)`);
  const words = (await run('pdftotext', [legacy, '-'])).split(/\s+/).filter(Boolean).length;
  log(`${d.id}-scan.pdf: ${n} pages, no text; ${d.id}-legacy.pdf: ${words} words in the (eng) text layer`);
  return { pages: n, pptx: false };
}

async function buildDoc(d, facts, docDir, hash, log) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `arkiv-devset-meta-${d.id}-`));
  try {
    fs.rmSync(docDir, { recursive: true, force: true });
    fs.mkdirSync(docDir, { recursive: true });
    const r = d.kind === 'spec' ? await buildSpec(d, facts, docDir, tmp, log) : await buildHtml(d, docDir, tmp, log);
    const pdf = path.join(docDir, `${d.id}.pdf`);
    const n = await pdfPages(pdf);
    if (n !== facts.pages) throw new Error(`${d.id}.pdf has ${n} pages; the source (and the answer key's page numbers) has ${facts.pages}`);
    const fonts = (await run('pdffonts', [pdf])).trim().split('\n').slice(2).filter(Boolean).length;
    if (!fonts) throw new Error(`${d.id}.pdf has no fonts: not born-digital`);
    for (let k = 1; k <= n; k++) if (!fs.existsSync(path.join(docDir, 'pages', `page-${pad(k)}.jpg`))) throw new Error(`${d.id}: page image ${k} missing`);
    const entry = manifestEntry(d, r.pages, r.pptx);
    fs.writeFileSync(path.join(docDir, 'build.json'), JSON.stringify({ hash, buildVersion: BUILD_VERSION, document: entry }, null, 2) + '\n');
    return entry;
  } finally { fs.rmSync(tmp, { recursive: true, force: true }); }
}
function manifestEntry(d, pages, pptx) {
  const exp = JSON.parse(fs.readFileSync(d.expectedPath, 'utf8'));
  const at = (f) => `docs/${d.id}/${f}`;
  return {
    id: d.id, split: d.split, layout: exp.layout, kind: d.kind, title: exp.title, pages,
    dpi: d.dpi, seed: d.seed, orient: d.orient || null,
    pdf: at(`${d.id}.pdf`), pptx: pptx ? at(`${d.id}.pptx`) : null, scan: at(`${d.id}-scan.pdf`), legacy: at(`${d.id}-legacy.pdf`),
    expected: at('expected.json'), pageImages: Array.from({ length: pages }, (_, i) => at(`pages/page-${pad(i + 1)}.jpg`)),
    truth: Array.from({ length: pages }, (_, i) => at(`truth/page-${pad(i + 1)}.txt`)),
  };
}
function upToDate(docDir, hash) {
  try {
    const b = JSON.parse(fs.readFileSync(path.join(docDir, 'build.json'), 'utf8'));
    if (b.hash !== hash || !b.document) return null;
    const root = path.resolve(docDir, '../..');
    const e = b.document;
    const files = [e.pdf, e.scan, e.legacy, ...(e.pptx ? [e.pptx] : []), ...e.pageImages, ...e.truth];
    return files.every((f) => fs.existsSync(path.join(root, f))) ? e : null;
  } catch { return null; }
}

// ---------- main ----------
async function main() {
  const t0 = Date.now();
  if (!opts.check) checkTools(); else { try { loadPptx(); } catch {} }
  const docs = loadDocuments();
  if (opts.only) for (const id of opts.only) if (!docs.some((d) => d.id === id)) usage(`--only: no document ${id} in documents.json`);
  // answer keys first: a build with a broken key is refused
  const facts = new Map(), errors = [];
  for (const d of docs) {
    let exp;
    try { exp = JSON.parse(fs.readFileSync(d.expectedPath, 'utf8')); } catch (err) { errors.push(`${d.id}.expected.json: ${err.message}`); continue; }
    let f;
    try { f = sourceFacts(d); } catch (err) { errors.push(`${d.id}.${d.kind}: ${err.message}`); continue; }
    facts.set(d.id, f);
    errors.push(...validateExpected(d, exp, f));
  }
  const items = (s) => docs.filter((d) => !s || d.split === s).reduce((n, d) => n + JSON.parse(fs.readFileSync(d.expectedPath, 'utf8')).timeline.length, 0);
  if (errors.length) { console.error(`build.mjs: answer keys:\n  ${errors.join('\n  ')}`); process.exit(1); }
  const nHeld = docs.filter((d) => d.split === 'heldout').length;
  console.log(`answer keys: ${docs.length} documents checked (dev ${docs.length - nHeld}, heldout ${nHeld}); ${items()} timeline items (dev ${items('dev')}, heldout ${items('heldout')})`);
  if (opts.check) return;

  await lockOutput(opts.out);
  fs.mkdirSync(path.join(opts.out, 'docs'), { recursive: true });
  console.log(`metadata dev set → ${path.relative(process.cwd(), opts.out) || '.'} (${docs.length} documents, ${opts.jobs} jobs)`);
  const entries = new Map();
  const todo = [];
  let skipped = 0;
  for (const [i, d] of docs.entries()) {
    const docDir = path.join(opts.out, 'docs', d.id);
    const hash = docHash(d);
    const tag = `[${String(i + 1).padStart(2)}/${docs.length}] ${d.id} (${d.kind}, ${d.split})`;
    const prev = upToDate(docDir, hash);
    if (opts.only && !opts.only.has(d.id)) {
      if (prev) entries.set(d.id, prev); else console.log(`${tag}: not built (not in --only), left out of the manifest`);
    } else if (prev && !opts.force) { console.log(`${tag}: up to date`); entries.set(d.id, prev); skipped++; }
    else todo.push({ d, docDir, hash, tag });
  }
  // the longest documents first, opts.jobs documents at a time
  todo.sort((a, b) => facts.get(b.d.id).pages * b.d.dpi - facts.get(a.d.id).pages * a.d.dpi);
  let next = 0, failure = null;
  const worker = async () => {
    while (next < todo.length && !failure) {
      const { d, docDir, hash, tag } = todo[next++];
      const log = (m) => console.log(`    ${d.id}: ${m}`);
      const t1 = Date.now();
      console.log(`${tag}: building (${d.dpi} dpi, seed ${d.seed}${d.orient ? `, orient ${d.orient}` : ''})`);
      try {
        entries.set(d.id, await buildDoc(d, facts.get(d.id), docDir, hash, log));
        log(`done in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      } catch (err) { failure ??= err; }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, todo.length) }, worker));
  if (failure) throw failure;
  // the answer key is copied on every run (it is not part of the build hash)
  for (const d of docs) {
    const docDir = path.join(opts.out, 'docs', d.id);
    if (entries.has(d.id)) fs.copyFileSync(d.expectedPath, path.join(docDir, 'expected.json'));
  }
  const list = [...entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const manifest = {
    version: 1,
    note: 'Metadata development set (tests/devset/metadata/README.md). Per document: the born-digital PDF, the pptx (slide decks), an image-only scan, a scan with an English OCR text layer, and the hand-written answer key expected.json. Heldout documents are only ever scored, never tuned on.',
    documents: list,
  };
  fs.writeFileSync(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const count = (s) => { const ds = list.filter((e) => e.split === s); return `${ds.length} documents / ${ds.reduce((n, e) => n + e.pages, 0)} pages`; };
  console.log(`\nmanifest.json: ${list.length} documents (dev ${count('dev')}, heldout ${count('heldout')}); built ${todo.length}, up to date ${skipped}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  stopAll();
  console.error(`build.mjs: ${e.message}`);
  process.exit(1);
});
