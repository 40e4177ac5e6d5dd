// The OCR channel model (pipeline/repair/channel): estimation, the committed tables, candidate
// generation on real damage from seed 002, and the oracle recall on the held-out development pages.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildChannel, oracle, readPage, splitPages, stableJson } from "../../pipeline/repair/channel/build.ts";
import { alignChars, alignTokens, mergeEdits, rulesOf, tokenize } from "../../pipeline/repair/channel/estimate.ts";
import { channelCandidates, editLogProb, loadChannel, type ChannelModel } from "../../pipeline/repair/channel/model.ts";
import { PROJECT, shared } from "../helpers/shared.ts";

const PAGES = shared("testdata/repair-dev/pages");
const OPTIONS = { maxEdits: 3, maxCandidates: 20 };

function seed002(): { ocr: string; truth: string } {
  const name = readdirSync(shared("seeds")).find((f) => f.startsWith("002_"))!;
  return {
    ocr: readFileSync(shared(`seeds/${name}`), "utf8"),
    truth: readFileSync(shared(`truth/${name.replace(/\.txt$/, ".truth.txt")}`), "utf8"),
  };
}

function candidates(word: string): string[] {
  return channelCandidates(word, loadChannel("eng"), OPTIONS).map((c) => c.candidate);
}

describe("estimating the channel", () => {
  it("merges adjacent edits into one rule and adds one character of context", () => {
    const edits = mergeEdits(alignChars("feelles", "fælles"));
    expect(edits).toEqual([{ truth: "æ", ocr: "ee", left: "f", right: "l" }]);
    expect(rulesOf(edits[0]!, 3).map((r) => `${r.truth}>${r.ocr}`)).toEqual(["æ>ee", "æl>eel", "fæ>fee"]); // "fæl>feel" is over three characters
  });

  it("pairs words across damage but not across a join of two words", () => {
    const pairs = alignTokens(tokenize("Og deter pa tvaers"), tokenize("Og det er på tværs"));
    expect(pairs).toEqual([
      { ocr: "Og", truth: "Og" },
      { ocr: "pa", truth: "på" },
      { ocr: "tvaers", truth: "tværs" },
    ]);
  });

  it("rebuilds the committed tables exactly (deterministic, stable in git)", () => {
    for (const name of ["eng", "dan"] as const) {
      const committed = readFileSync(`${PROJECT}pipeline/repair/channel/channel-${name}.json`, "utf8");
      expect(stableJson(buildChannel(PAGES, name))).toBe(committed);
    }
  });

  it("keeps the held-out pages out of the estimate and says so in the table", () => {
    const { estimation, heldOut } = splitPages(PAGES);
    const model = loadChannel("eng").model as ChannelModel & { split: { estimationPages: string[]; heldOutPages: string[] } };
    expect(model.split.estimationPages).toEqual(estimation);
    expect(model.split.heldOutPages).toEqual(heldOut);
    expect(heldOut.filter((id) => estimation.includes(id))).toEqual([]);
    expect(heldOut.length / (heldOut.length + estimation.length)).toBeGreaterThan(0.1);
  });

  it("gives probabilities per truth string that sum to at most one, with mass left for the unseen", () => {
    const { rules } = loadChannel("eng").model;
    for (const entry of Object.values(rules)) {
      const sum = Object.values(entry.to).reduce((s, [, p]) => s + p, 0);
      expect(sum + entry.unseen).toBeLessThanOrEqual(1 + 1e-4);
    }
    expect(rules["å"]!.to["a"]![1]).toBeGreaterThan(0.5); // wrong-language OCR drops the ring
    expect(rules["æ"]!.to["ee"]![1]).toBeGreaterThan(0.2);
    const channel = loadChannel("eng");
    expect(editLogProb(channel, "x", "q")).toBeLessThan(editLogProb(channel, "å", "a"));
    expect(Number.isFinite(editLogProb(channel, "x", "q"))).toBe(true);
  });
});

describe("channel candidates", () => {
  it("reaches the damaged words of seed 002", () => {
    const seed = seed002();
    const cases: [string, string][] = [
      ["omradet", "området"],
      ["Dgvblindhed", "Døvblindhed"],
      ["feelles", "fælles"],
      ["seette", "sætte"],
      ["understgtte", "understøtte"],
      ["o0g", "og"],
    ];
    for (const [ocr, truth] of cases) {
      expect(seed.ocr).toContain(ocr); // real cases, not made up
      expect(seed.truth).toContain(truth);
      expect(candidates(ocr), ocr).toContain(truth);
    }
  });

  it("applies several rules in one word", () => {
    expect(candidates("repraesentantskabsmgde")).toContain("repræsentantskabsmøde");
    expect(candidates("spgrgsmal")).toContain("spørgsmål");
  });

  it("keeps the case of the OCR letters", () => {
    expect(candidates("OMRADET")).toContain("OMRÅDET");
    expect(candidates("Aeldre")).toContain("Ældre");
    expect(candidates("AEldre")).toContain("Ældre");
    expect(candidates("Omradet")).toContain("Området");
    expect(candidates("Omradet")).not.toContain("OMRÅDET");
  });

  it("returns the unchanged word with its score, and the edits that make each candidate", () => {
    const list = channelCandidates("feelles", loadChannel("eng"), OPTIONS);
    expect(list.map((c) => c.candidate)).toContain("feelles");
    const fix = list.find((c) => c.candidate === "fælles")!;
    expect(fix.edits).toEqual([{ from: "ee", to: "æ" }]);
    expect(fix.logProb).toBeLessThan(0);
    expect(list.map((c) => c.score)).toEqual([...list.map((c) => c.score)].sort((a, b) => b - a));
  });

  it("stays bounded on a long word, and still finds its restoration", () => {
    // The beam keeps a fixed number of states per position, so the work grows with the word's
    // length, not exponentially; its speed is measured by npm run bench:repair, not here.
    const channel = loadChannel("eng");
    const long = "specialundervisningsomradetsrepraesentanter";
    const list = channelCandidates(long, channel, OPTIONS);
    expect(list.length).toBeLessThanOrEqual(OPTIONS.maxCandidates);
    expect(list.map((c) => c.candidate)).toContain("specialundervisningsområdetsrepræsentanter");
    expect(channelCandidates("a".repeat(300), channel, OPTIONS).length).toBeLessThanOrEqual(OPTIONS.maxCandidates);
  });
});

describe("oracle recall on the held-out pages", () => {
  it("finds the true word among the top 20 for most damaged words (measured 96.7% top-20, 92.5% top-5)", () => {
    const { heldOut } = splitPages(PAGES);
    const result = oracle(
      heldOut.map((id) => readPage(PAGES, id, "eng")),
      loadChannel("eng"),
      OPTIONS,
    );
    console.log(
      `channel oracle, held-out eng: ${result.damaged} damaged words, top-1 ${result.top1.toFixed(3)}, ` +
        `top-5 ${result.top5.toFixed(3)}, top-20 ${result.top20.toFixed(3)}, ${result.meanCandidates.toFixed(1)} candidates/word`,
    );
    expect(result.damaged).toBeGreaterThan(150);
    expect(result.top20).toBeGreaterThanOrEqual(0.93);
    expect(result.top5).toBeGreaterThanOrEqual(0.88);
    expect(result.top1).toBeGreaterThanOrEqual(0.6);
  });
});
