// Reading order of laid-out lines (pipeline/ingest/layout.ts): what a reader reads first when
// text stands beside text.
import { describe, expect, it } from "vitest";
import { layoutLines, makeLine, type Line } from "../../pipeline/ingest/layout.ts";

/** A line of body text at 10 pt: words at `x`, on `baseline`. */
function line(x: number, baseline: number, text: string): Line {
  return makeLine([{ text, x, baseline, width: 5 * text.length, size: 10, bold: false }]);
}

const PITCH = 13;
const texts = (lines: readonly Line[]) =>
  layoutLines(lines)
    .flatMap((b) => b.items.flat())
    .map((l) => l.text);

describe("layoutLines beside a gutter", () => {
  it("reads a term table without rules row by row: each setting, then what it does", () => {
    // A settings table as a product manual prints it: the term in the first line of its row,
    // its description running over three or four lines beside it.
    const rows: [string, string[]][] = [
      ["GroupOUDN", ["Den OU i AD'et hvor alle", "sikkerhedsgrupperne oprettes.", "Bemærk at der ikke må ligge", "andre grupper i denne OU."]],
      ["GroupIdField", ["Den attribut som integrationen", "bruger til at sætte et unikt ID", "på gruppen."]],
      ["DirectManagerGroup", ["Struktur der beskriver hvordan", "grupper med ledere oprettes", "og vedligeholdes."]],
    ];
    const lines: Line[] = [];
    let row = 0;
    for (const [term, text] of rows) {
      lines.push(line(72, 100 + PITCH * row, term));
      text.forEach((t, i) => lines.push(line(200, 100 + PITCH * (row + i), t)));
      row += text.length;
    }
    const read = texts(lines).join(" ");
    for (const [i, [term, text]] of rows.entries()) {
      expect(read.indexOf(term), term).toBeLessThan(read.indexOf(text[0]!));
      if (i > 0) expect(read.indexOf(term), term).toBeGreaterThan(read.indexOf(rows[i - 1]![1].at(-1)!));
    }
  });

  it("still reads two columns of running text column by column, though their lines share rows", () => {
    const left = ["Kommunerne i Nordjylland har", "aftalt at samarbejde om de", "specialiserede tilbud.", "", "Aftalen gælder for 2023", "og 2024."];
    const right = ["Regionen driver en række", "tilbud på området, og", "kommunerne køber pladser", "efter behov i hele", "regionen og uden for", "den."];
    const lines = [
      ...left.flatMap((t, i) => (t ? [line(72, 100 + PITCH * i, t)] : [])),
      ...right.map((t, i) => line(300, 100 + PITCH * i, t)),
    ];
    const read = texts(lines).join(" ");
    expect(read.indexOf("og 2024.")).toBeLessThan(read.indexOf("Regionen driver"));
  });
});
