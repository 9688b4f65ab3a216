/**
 * Suppliers in Chromium against the built app: add one (a bad email is answered at the field),
 * edit its notes, ask whether an address would be flagged, archive it and find it under Archived.
 * Screenshots of the list and the supplier's page; axe on both.
 */
import { getSupplier, listSuppliers, type SupplierId } from "@po-pro/db";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { WebHarness } from "../test/harness";
import { registerDashboardSession, screenshot, seriousViolations } from "./browser";

let h: WebHarness;
let page: Page;
let pageErrors: string[];
let supplierId: SupplierId | undefined;
registerDashboardSession({
  signIn: true,
  ready: (session) => {
    ({ h, page, pageErrors } = session);
  },
});

describe("a merchant's suppliers", () => {
  it("lists the active suppliers; the list passes axe", async () => {
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Suppliers" })
      .click();
    await page.getByRole("heading", { name: "Suppliers", level: 1 }).waitFor();
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(5);
    await expect
      .poll(() => page.getByRole("row", { name: /Eastside Screenprint/ }).textContent())
      .toContain("this address only");
    expect(await page.getByRole("row", { name: /Atlas Embroidery/ }).textContent()).toContain(
      "anyone at atlasembroidery.com",
    );
    await screenshot(page, "suppliers-list");
    expect(await seriousViolations(page)).toEqual([]);

    // A supplier with orders: its page lists them.
    await page.getByRole("link", { name: "Summit Knitwear" }).click();
    await page.getByRole("heading", { name: "Summit Knitwear", level: 1 }).waitFor();
    expect(await page.getByRole("list", { name: "Recent orders" }).getByRole("link").count()).toBe(
      2,
    );
    expect(await page.getByLabel("Notes (optional)").inputValue()).toBe(
      "Ships from Portland; MOQ 200 per colour.",
    );
    await screenshot(page, "supplier-detail-orders");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "← Suppliers" }).click();
    await page.getByRole("heading", { name: "Suppliers", level: 1 }).waitFor();
  });

  it("adds a supplier: an invalid email is answered at the field, a valid one is added", async () => {
    await page.getByRole("link", { name: "New supplier" }).click();
    await page.getByRole("heading", { name: "New supplier" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Harbor Fabrics");
    await page.getByLabel("Contact email").fill("ines@harborfabrics");
    await page.getByRole("button", { name: "Add supplier" }).click();
    const email = page.getByLabel("Contact email");
    await page.getByText("The part after the @ is not a domain, such as supplier.com.").waitFor();
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "supplier-new-error");
    expect(await seriousViolations(page)).toEqual([]);
    expect((await listSuppliers(h.db, h.merchantA.merchantId)).map((s) => s.name)).not.toContain(
      "Harbor Fabrics",
    );

    await email.fill("Ines@HarborFabrics.test");
    await page.getByLabel("Contact name (optional)").fill("Ines Duarte");
    await page.getByRole("button", { name: "Add supplier" }).click();
    await page.waitForURL(/\/suppliers\/[0-9a-f-]{36}$/);
    supplierId = page.url().split("/").at(-1) as SupplierId;
    await page.getByRole("heading", { name: "Harbor Fabrics", level: 1 }).waitFor();

    await page.goto(`${h.baseUrl}/suppliers`);
    const row = page.getByRole("row", { name: /Harbor Fabrics/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("ines@harborfabrics.test");
  });

  it("edits the notes and explains which replies count as the supplier", async () => {
    await page.getByRole("link", { name: "Harbor Fabrics" }).click();
    await page.getByRole("heading", { name: "Harbor Fabrics", level: 1 }).waitFor();
    await page.getByLabel("Notes (optional)").fill("Net 45 agreed by phone with Ines.");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved.").waitFor();
    await expect
      .poll(
        async () =>
          (await getSupplier(h.db, h.merchantA.merchantId, supplierId as SupplierId))?.notes,
      )
      .toBe("Net 45 agreed by phone with Ines.");

    const checks = page.getByRole("list", { name: "Sender checks" });
    expect(await checks.textContent()).toContain(
      "Replies from ines@harborfabrics.test, or any other address at harborfabrics.test, are treated as Harbor Fabrics.",
    );
    const address = page.getByLabel("Would a reply from this address be flagged?");
    await address.fill("billing@harbor-fabrics.test");
    await page.getByRole("button", { name: "Check" }).click();
    await page
      .getByText(
        "Yes. billing@harbor-fabrics.test is not at harborfabrics.test, Harbor Fabrics' domain; a reply from it would be flagged as sender_mismatch and escalated to you.",
      )
      .waitFor();
    await address.fill("accounts@harborfabrics.test");
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByText(/^No\. accounts@harborfabrics\.test is at harborfabrics\.test/).waitFor();
    await screenshot(page, "supplier-detail");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("archives the supplier: it leaves the active list and shows under Archived", async () => {
    await page.getByRole("button", { name: "Archive" }).click();
    await page.getByRole("button", { name: "Restore" }).waitFor();
    await page.goto(`${h.baseUrl}/suppliers`);
    await page.getByRole("heading", { name: "Suppliers", level: 1 }).waitFor();
    expect(await page.getByRole("row", { name: /Harbor Fabrics/ }).count()).toBe(0);
    await page.getByRole("link", { name: /^Archived/ }).click();
    await page.waitForURL(/archived=true/);
    await page.getByRole("row", { name: /Harbor Fabrics/ }).waitFor();
    await screenshot(page, "suppliers-archived");
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
