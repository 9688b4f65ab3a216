/**
 * The policy editor in Chromium: an invalid value is marked at its field, a valid change shows
 * the preview of the decisions it changes, saving makes a new version, the versions list and the
 * diff show it, and a rollback makes another. Screenshots in test-results/screenshots.
 */
import { getActivePolicy, listPolicyHistory } from "@po-pro/db";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seedCounteredReply, type WebHarness } from "../test/harness";
import { registerDashboardSession, screenshot, seriousViolations } from "./browser";

let h: WebHarness;
let page: Page;
let pageErrors: string[];
let startVersion: number;
registerDashboardSession({
  signIn: true,
  ready: async (session) => {
    ({ h, page, pageErrors } = session);
    startVersion = (await seedCounteredReply(h.db, h.merchantA)).policyVersion;
  },
});

describe("the policy editor", () => {
  it("shows each invalid value's problem at its field, all at once", async () => {
    await page.goto(`${h.baseUrl}/policy`);
    await page.getByRole("heading", { name: "Policy", exact: true }).waitFor();
    await page.getByRole("group", { name: "Price increases" }).waitFor();
    await screenshot(page, "policy-editor");
    expect(await seriousViolations(page)).toEqual([]);

    const price = page.getByLabel("Accept increases up to");
    const delay = page.getByLabel("Accept delays up to");
    await price.fill("150");
    await delay.fill("soon");
    await page.getByRole("button", { name: "Preview changes" }).click();

    await expect.poll(() => price.getAttribute("aria-invalid")).toBe("true");
    expect(await delay.getAttribute("aria-invalid")).toBe("true");
    // Each message is the one the input points to.
    const messageOf = (input: typeof price) =>
      input.evaluate((element) =>
        (element.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" "),
      );
    expect(await messageOf(price)).toContain(
      "Must be a number between 0 and 100 with at most 4 decimal places (got 150).",
    );
    expect(await messageOf(delay)).toContain(
      'whole number of days between 0 and 3650 (got "soon")',
    );
    expect(
      await page.getByLabel("Counter-offer increases up to").getAttribute("aria-invalid"),
    ).toBe("false");
    await expect.poll(() => page.getByText("Save as version").count()).toBe(0);
    await screenshot(page, "policy-editor-errors");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("previews a valid change: the past decisions it flips, and why", async () => {
    await page.getByLabel("Accept increases up to").fill("12");
    await page.getByLabel("Counter-offer increases up to").fill("20");
    await page.getByLabel("Accept delays up to").fill("7");
    // Errors clear as the values are corrected.
    await expect
      .poll(() => page.getByLabel("Accept increases up to").getAttribute("aria-invalid"))
      .toBe("false");
    await page.getByRole("button", { name: "Preview changes" }).click();
    await page.getByRole("heading", { name: "Preview" }).waitFor();
    await expect
      .poll(() => page.getByTestId("preview-summary").textContent())
      .toMatch(/countered would be accepted/);
    const item = page.locator("li", { hasText: "PO-PREVIEW-1" });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Looser/);
    expect(await item.textContent()).toMatch(/Counter-offer.*Accept/s);
    expect(await item.textContent()).toContain("Decision: accept");
    await screenshot(page, "policy-preview");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("saves the change as a new version", async () => {
    await page.getByLabel("Note (optional)").fill("Cotton prices went up");
    await page.getByRole("button", { name: `Save as version ${startVersion + 1}` }).click();
    await page.getByText(`Saved as version ${startVersion + 1}`).waitFor();
    await page.getByText(`Editing version ${startVersion + 1}`).waitFor();
    const active = await getActivePolicy(h.db, h.merchantA.merchantId);
    expect(active?.version).toBe(startVersion + 1);
    expect(active?.note).toBe("Cotton prices went up");
    expect(await page.getByLabel("Accept increases up to").inputValue()).toBe("12");
  });

  it("lists the versions and shows what changed between two", async () => {
    await page.getByRole("link", { name: "Versions" }).click();
    await page.getByRole("heading", { name: "Policy versions" }).waitFor();
    const newest = page.locator(`tr[data-version="${startVersion + 1}"]`);
    expect(await newest.textContent()).toMatch(/Active.*Maya Chen.*Cotton prices went up/s);
    await screenshot(page, "policy-versions");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Compare selected versions" }).click();
    await page.waitForURL(/\/policy\/versions\/diff\?/);
    const chosen = new URL(page.url()).searchParams;
    expect([chosen.get("from"), chosen.get("to")]).toEqual([
      String(startVersion),
      String(startVersion + 1),
    ]);
    await page
      .getByRole("heading", { name: `Version ${startVersion} → version ${startVersion + 1}` })
      .waitFor();
    const changed = page.locator('[data-change="changed"][data-kind="price_tolerance"]');
    expect(await changed.textContent()).toMatch(/Accept increases up to.*5 %.*12 %/s);
    expect(await changed.textContent()).toMatch(/Counter-offer increases up to.*15 %.*20 %/s);
    expect(await page.locator("[data-change]").count()).toBe(1);
    await screenshot(page, "policy-diff");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("rolls back to the earlier version as a new one", async () => {
    await page.getByRole("link", { name: "All versions" }).click();
    const row = page.locator(`tr[data-version="${startVersion}"]`);
    await row.getByRole("button", { name: "Roll back to this version" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(`saved again as version ${startVersion + 2}`).waitFor();
    await dialog.getByRole("button", { name: `Roll back to version ${startVersion}` }).click();
    const rolled = page.locator(`tr[data-version="${startVersion + 2}"]`);
    await rolled.waitFor();
    expect(await rolled.textContent()).toMatch(
      new RegExp(`Active.*Maya Chen.*Rolled back to version ${startVersion}`, "s"),
    );
    const history = await listPolicyHistory(h.db, h.merchantA.merchantId);
    expect(history[0]?.document).toEqual(history.find((v) => v.version === startVersion)?.document);
    expect(pageErrors).toEqual([]);
  });

  it("removes a rule and adds one of a kind, whose empty value is marked at its field", async () => {
    await page.goto(`${h.baseUrl}/policy`);
    const confidence = page.getByRole("group", { name: "Reading confidence" });
    await confidence.waitFor();
    await page.getByRole("button", { name: "Remove the reading confidence rule" }).click();
    await expect.poll(() => confidence.count()).toBe(0);

    await page.getByRole("combobox", { name: "Add a rule" }).click();
    await page.getByRole("option", { name: "Reading confidence" }).click();
    await page.getByRole("button", { name: "Add rule" }).click();
    await confidence.waitFor();
    const minimum = page.getByLabel("Act on replies read with confidence of at least");
    expect(await minimum.inputValue()).toBe("");
    await page.getByRole("button", { name: "Preview changes" }).click();
    await expect.poll(() => minimum.getAttribute("aria-invalid")).toBe("true");
    await confidence
      .getByText("Enter a value: it must be a number between 0 and 1, such as 0.6.")
      .waitFor();

    await minimum.fill("0.7");
    await page.getByRole("button", { name: "Preview changes" }).click();
    await page.getByRole("heading", { name: "Preview" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
