// Tables from line geometry and rules (pipeline/ingest/tables.ts), on lines laid out as a scan's
// reading lays them out. Real pages are checked in the development sets' tests; these pin the
// two readings of rows between rules that the geometry alone cannot tell apart.
import { describe, expect, it } from "vitest";
import { makeLine, type Line } from "../../pipeline/ingest/layout.ts";
import { findTables, type Separator } from "../../pipeline/ingest/tables.ts";

const SIZE = 7;

/** One line of cells on a baseline: [x, text] pairs, each cell one run of about 4 pt a letter. */
function line(baseline: number, ...cells: [number, string][]): Line {
  return makeLine(cells.map(([x, text]) => ({ text, x, baseline, width: text.length * 4, size: SIZE, bold: false })), { separateWords: true });
}

const rule = (y: number, x1 = 90, x2 = 510): Separator => ({ x1, x2, y, kind: "rule" });

describe("findTables: rows between rules", () => {
  it("reads a header whose two-line cells stand beside one-line cells centred between their lines as one row, and a wrapped first cell with its row", () => {
    const lines = [
      // Header band (edges at 305 and 338): "Pladser / 2023" beside "Tilbudsområde" centred lower.
      line(320, [396, "Pladser"], [465, "Pladser"]),
      line(325, [100, "Tilbudsområde"], [283, "Driftsherre"]),
      line(332, [408, "2023"], [477, "2024"]),
      // A row whose first cell wraps, its other cells centred.
      line(350, [100, "Botilbud for voksne med"]),
      line(356, [283, "Kommuner"], [417, "318"], [484, "322"]),
      line(362, [100, "udviklingshæmning"]),
      line(386, [100, "Socialpsykiatriske botilbud"], [283, "Kommuner og region"], [416, "207"], [484, "215"]),
      line(410, [100, "Sikrede afdelinger"], [283, "Region Nordjylland"], [422, "14"], [490, "14"]),
    ];
    const separators = [{ ...rule(305), kind: "edge" as const }, { ...rule(338), kind: "edge" as const }, rule(368), rule(398), rule(418)];
    const [table] = findTables(lines, separators);
    expect(table?.rows).toEqual([
      ["Tilbudsområde", "Driftsherre", "Pladser 2023", "Pladser 2024"],
      ["Botilbud for voksne med udviklingshæmning", "Kommuner", "318", "322"],
      ["Socialpsykiatriske botilbud", "Kommuner og region", "207", "215"],
      ["Sikrede afdelinger", "Region Nordjylland", "14", "14"],
    ]);
  });

  it("keeps the rows of a table ruled only under its header and at its end, a row's pitch apart, as rows", () => {
    const lines = [
      line(100, [100, "Frist"], [200, "Ansvarlig"], [320, "Indhold"]),
      line(118, [100, "1. marts"], [200, "Driftsherrerne"], [320, "Indberetning"]),
      line(136, [100, "Uge 16"], [320, "Drøftelse af kapaciteten"]),
      line(154, [100, "1. juni"], [200, "Sekretariatet"], [320, "Takstskabelon"]),
    ];
    const [table] = findTables(lines, [rule(106), rule(162)]);
    expect(table?.rows).toEqual([
      ["Frist", "Ansvarlig", "Indhold"],
      ["1. marts", "Driftsherrerne", "Indberetning"],
      ["Uge 16", "", "Drøftelse af kapaciteten"],
      ["1. juni", "Sekretariatet", "Takstskabelon"],
    ]);
  });

  it("keeps a gridded table whole past a row whose cell wraps onto three lines", () => {
    // Row pitch 18 between one-line rows; the first body row runs three lines of a wrapped cell.
    const lines = [
      line(100, [100, "Fase"], [150, "Periode"], [250, "Indhold"]),
      line(118, [100, "1"], [150, "Januar"], [250, "Evaluering af aftalen"]),
      line(126, [250, "og oplæg til nye"]),
      line(134, [250, "fokusområder"]),
      line(154, [100, "1"], [150, "Uge 9"], [250, "Politisk drøftelse"]),
      line(172, [100, "2"], [150, "Marts"], [250, "Dialogmøder"]),
    ];
    const separators = [rule(92), rule(106), rule(140), rule(160), rule(178)];
    const [table] = findTables(lines, separators);
    expect(table?.rows).toEqual([
      ["Fase", "Periode", "Indhold"],
      ["1", "Januar", "Evaluering af aftalen og oplæg til nye fokusområder"],
      ["1", "Uge 9", "Politisk drøftelse"],
      ["2", "Marts", "Dialogmøder"],
    ]);
  });

  it("takes a dash the engine read from a cell's rule for the rule, and keeps a dash that stands in its cell", () => {
    // Columns ruled at 140, 240 and 330; rows ruled between. The engine read the rule after
    // "Mølgaard" as "—" and boxed it a little left of the rule (at 236, rule at 240); the "–"
    // of the last row stands in the middle of its cell.
    const lines = [
      line(100, [100, "Gruppe"], [150, "Kontakt"], [250, "Pladser"]),
      line(118, [100, "Sekretariat"], [150, "Anne Mølgaard"], [236, "—"], [250, "12"]),
      line(136, [100, "Botilbud"], [150, "Kristian Dahl"], [280, "–"]),
    ];
    const separators = [rule(92), rule(106), rule(124), rule(142)];
    const columnRules = [140, 240, 330].map((x) => ({ x, y1: 90, y2: 144 }));
    const [table] = findTables(lines, separators, columnRules);
    expect(table?.rows).toEqual([
      ["Gruppe", "Kontakt", "Pladser"],
      ["Sekretariat", "Anne Mølgaard", "12"],
      ["Botilbud", "Kristian Dahl", "–"],
    ]);
  });
});
