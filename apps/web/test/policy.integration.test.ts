/**
 * The policy editor's actions and pages over HTTP on the built app: every invalid value refused
 * at its field with nothing saved, the preview of recent decisions, saving, the versions list,
 * the diff and rollback — and none of it reaching across merchants.
 */
import { type DecisionId, getActivePolicy, listPolicyHistory, savePolicyVersion } from "@po-pro/db";
import { DEMO_OWNER, defaultPolicy } from "@po-pro/db/seed";
import type { Policy } from "@po-pro/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PolicyFormValues, toFormValues } from "../src/forms/policy-form";
import type { PolicyPreviewResult } from "../src/server/actions/policy";
import { callAction } from "./actions";
import { seedCounteredReply, signIn, startWebHarness, type WebHarness } from "./harness";

let h: WebHarness;
let cookieA: string;
let cookieB: string;
let countered: DecisionId;

const get = (path: string, cookie: string) =>
  fetch(`${h.baseUrl}${path}`, { redirect: "manual", headers: { cookie } });

/** A page's HTML without React's text separators ("version <!-- -->2"). */
const html = async (path: string, cookie: string) =>
  (await (await get(path, cookie)).text()).replaceAll("<!-- -->", "");

async function activeForm(): Promise<{ values: PolicyFormValues; version: number }> {
  const active = await getActivePolicy(h.db, h.merchantA.merchantId);
  if (active === undefined) throw new Error("merchant A has no active policy");
  return { values: toFormValues(active.document as Policy, "USD"), version: active.version };
}

function withRule(
  values: PolicyFormValues,
  kind: string,
  edit: Partial<PolicyFormValues["rules"][number]>,
): PolicyFormValues {
  return {
    rules: values.rules.map((rule) => (rule.kind === kind ? { ...rule, ...edit } : rule)),
  };
}

const action = (name: string, input: unknown, cookie = cookieA) =>
  callAction(h.baseUrl, name, [input], { cookie, path: "/policy" });

type Result<T> =
  | { ok: true; value: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string> };

beforeAll(async () => {
  h = await startWebHarness();
  cookieA = await signIn(h.baseUrl, h.merchantA.email);
  cookieB = await signIn(h.baseUrl, h.merchantB.email);
  countered = (await seedCounteredReply(h.db, h.merchantA)).decisionId;
  // B's own history, which A must never see.
  await savePolicyVersion(h.db, h.merchantB.merchantId, {
    document: defaultPolicy,
    createdBy: h.merchantB.userId as never,
    note: "Only-B tweak",
  });
});

afterAll(async () => {
  await h?.close();
});

describe("policy editor actions", () => {
  it("refuses invalid values with a message at each field, and saves nothing", async () => {
    const { values, version } = await activeForm();
    const before = await listPolicyHistory(h.db, h.merchantA.merchantId);
    let bad = withRule(values, "price_tolerance", { maxIncreasePct: "150" });
    bad = withRule(bad, "fill_rate", { minPercent: "most" });
    bad = withRule(bad, "approval_threshold", { maxTotal: "-1" });
    bad = withRule(bad, "payment_terms", { allowed: "NET30, someday" });
    const { status, result } = await action("savePolicyAction", { ...bad, baseVersion: version });
    expect(status).toBe(200);
    const answer = result as Result<unknown>;
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    const index = (kind: string) => values.rules.findIndex((r) => r.kind === kind);
    expect(Object.keys(answer.fieldErrors ?? {}).sort()).toEqual(
      [
        `rules.${index("price_tolerance")}.maxIncreasePct`,
        `rules.${index("fill_rate")}.minPercent`,
        `rules.${index("approval_threshold")}.maxTotal`,
        `rules.${index("payment_terms")}.allowed`,
      ].sort(),
    );
    expect(answer.fieldErrors?.[`rules.${index("price_tolerance")}.maxIncreasePct`]).toMatch(
      /^Must be a number between 0 and 100 .*\(got 150\)\.$/,
    );
    expect(answer.fieldErrors?.[`rules.${index("payment_terms")}.allowed`]).toContain('"someday"');
    expect(await listPolicyHistory(h.db, h.merchantA.merchantId)).toEqual(before);
  });

  it("refuses a document the form could never send (the server trusts nothing)", async () => {
    const { version } = await activeForm();
    const { result } = await action("savePolicyAction", {
      rules: [{ kind: "price_tolerance", id: "x", maxIncreasePct: 5 }],
      baseVersion: version,
    });
    expect((result as Result<unknown>).ok).toBe(false);
    const empty = (await action("savePolicyAction", { rules: [], baseVersion: version }))
      .result as Result<unknown>;
    expect(empty).toMatchObject({
      ok: false,
      fieldErrors: { rules: "Must list at least one rule." },
    });
  });

  it("previews which recent decisions a change would flip, looser or stricter, with reasons", async () => {
    const { values } = await activeForm();
    const looser = withRule(values, "price_tolerance", {
      maxIncreasePct: "12",
      counterUpToPct: "20",
    });
    const { result } = await action("previewPolicyAction", looser);
    const answer = result as Result<PolicyPreviewResult>;
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    expect(answer.value.total).toBeGreaterThan(1);
    const change = answer.value.changes.find((c) => c.decisionId === countered);
    expect(change).toMatchObject({
      poNumber: "PO-PREVIEW-1",
      supplierName: "Preview Threads",
      direction: "looser",
      from: "counter_offer",
      to: "accept",
    });
    expect(change?.explanation[0]).toMatch(/^Decision: accept/);
    expect(answer.value.summary).toMatch(/countered would be accepted/);

    const stricter = withRule(values, "price_tolerance", { counterEnabled: false });
    const strict = (await action("previewPolicyAction", stricter))
      .result as Result<PolicyPreviewResult>;
    if (!strict.ok) throw new Error(JSON.stringify(strict));
    const escalated = strict.value.changes.find((c) => c.decisionId === countered);
    expect(escalated).toMatchObject({
      direction: "stricter",
      from: "counter_offer",
      to: "escalate",
    });
    expect(escalated?.explanation.join("\n")).toContain("Line PV-TEE: price up 10 %");

    const invalid = (
      await action(
        "previewPolicyAction",
        withRule(values, "delivery_delay", { maxDelayDays: "soon" }),
      )
    ).result as Result<PolicyPreviewResult>;
    expect(invalid.ok).toBe(false);
  });

  it("saves a valid change as the next, active version, by whoever saved it", async () => {
    const { values, version } = await activeForm();
    const changed = withRule(values, "price_tolerance", {
      maxIncreasePct: "12",
      counterUpToPct: "20",
    });
    const { result } = await action("savePolicyAction", {
      ...changed,
      baseVersion: version,
      note: "Cotton prices went up",
    });
    expect(result).toEqual({ ok: true, value: { version: version + 1 } });
    const active = await getActivePolicy(h.db, h.merchantA.merchantId);
    expect(active).toMatchObject({
      version: version + 1,
      createdBy: h.merchantA.userId,
      note: "Cotton prices went up",
    });
    expect((active?.document as Policy | undefined)?.rules[0]).toEqual({
      id: "price",
      kind: "price_tolerance",
      maxIncreasePct: 12,
      counterUpToPct: 20,
    });

    // The same save again: nothing changed, and it was opened on an older version anyway.
    const stale = (await action("savePolicyAction", { ...changed, baseVersion: version }))
      .result as Result<unknown>;
    expect(stale).toMatchObject({ ok: false });
    expect((stale as { message: string }).message).toContain("Reload");
    const same = (await action("savePolicyAction", { ...changed, baseVersion: version + 1 }))
      .result as Result<unknown>;
    expect(same).toMatchObject({
      ok: false,
      message: `Nothing to save: this is version ${version + 1} as it is.`,
    });
    expect((await getActivePolicy(h.db, h.merchantA.merchantId))?.version).toBe(version + 1);

    const page = await html("/policy", cookieA);
    expect(page.includes(`Editing version ${version + 1}, saved by ${DEMO_OWNER.name}`)).toBe(true);
    const versions = await html("/policy/versions", cookieA);
    expect(versions.includes("Cotton prices went up")).toBe(true);
    expect(versions.includes(`Version ${version + 1}`)).toBe(true);

    const diffPath = `/policy/versions/diff?from=${version}&to=${version + 1}`;
    expect((await get(diffPath, cookieA)).status).toBe(200);
    // Only what changed, old → new, in the editor's words.
    const diff = (await html(diffPath, cookieA)).replace(/<script[\s\S]*?<\/script>/g, "");
    expect(/Accept increases up to.*?5 %.*?12 %/s.test(diff)).toBe(true);
    expect(/Counter-offer increases up to.*?15 %.*?20 %/s.test(diff)).toBe(true);
    expect(diff.includes("Price increases")).toBe(true);
    expect(diff.includes("Delivery delays")).toBe(false);
  });

  it("rolls back by saving an earlier version's rules as a new version", async () => {
    const { version } = await activeForm();
    const target = version - 1;
    const targetDocument = (await listPolicyHistory(h.db, h.merchantA.merchantId)).find(
      (v) => v.version === target,
    )?.document;
    const { result } = await action("rollbackPolicyAction", { version: target });
    expect(result).toEqual({ ok: true, value: { version: version + 1 } });
    const active = await getActivePolicy(h.db, h.merchantA.merchantId);
    expect(active).toMatchObject({
      version: version + 1,
      note: `Rolled back to version ${target}`,
      createdBy: h.merchantA.userId,
    });
    expect(active?.document).toEqual(targetDocument);
    const again = (await action("rollbackPolicyAction", { version: version + 1 }))
      .result as Result<unknown>;
    expect(again).toMatchObject({
      ok: false,
      message: `Version ${version + 1} is already the active policy.`,
    });
    expect((await get(`/policy/versions/diff?from=${version}&to=999`, cookieA)).status).toBe(404);
    expect((await get("/policy/versions/diff?from=x&to=1", cookieA)).status).toBe(404);
  });
});

describe("policy pages and actions across merchants", () => {
  it("keeps B out of A's versions, diffs and rollbacks", async () => {
    const historyA = await listPolicyHistory(h.db, h.merchantA.merchantId);
    const historyB = await listPolicyHistory(h.db, h.merchantB.merchantId);
    const onlyA = (historyA[0]?.version ?? 0) as number;
    expect(onlyA).toBeGreaterThan(historyB.length);
    // A version number only A has: a diff to it and a rollback to it are "not found" for B.
    expect((await get(`/policy/versions/diff?from=1&to=${onlyA}`, cookieB)).status).toBe(404);
    const rollback = await action("rollbackPolicyAction", { version: onlyA }, cookieB);
    expect(rollback.result).toEqual({ ok: false, message: "Not found." });
    expect(await listPolicyHistory(h.db, h.merchantB.merchantId)).toEqual(historyB);
    expect(await listPolicyHistory(h.db, h.merchantA.merchantId)).toEqual(historyA);

    for (const path of ["/policy", "/policy/versions", "/policy/versions/diff?from=1&to=2"]) {
      const page = await html(path, cookieB);
      expect(page.includes("Cotton prices went up"), path).toBe(false);
      expect(page.includes(DEMO_OWNER.name), path).toBe(false);
    }
    // B's preview reads only B's decisions (B has none).
    const { values } = await activeForm();
    const preview = (await action("previewPolicyAction", values, cookieB))
      .result as Result<PolicyPreviewResult>;
    expect(preview).toMatchObject({ ok: true, value: { total: 0, changed: 0 } });
  });

  it("never shows B's policy on A's pages", async () => {
    for (const path of ["/policy", "/policy/versions"]) {
      const page = await html(path, cookieA);
      expect(page.includes("Only-B tweak"), path).toBe(false);
      expect(page.includes("Olu Bright"), path).toBe(false);
    }
  });

  it("refuses a save or rollback posted from another origin (CSRF), and changes nothing", async () => {
    const before = await listPolicyHistory(h.db, h.merchantA.merchantId);
    const { values, version } = await activeForm();
    const changed = withRule(values, "delivery_delay", { maxDelayDays: "9" });
    for (const [name, input] of [
      ["savePolicyAction", { ...changed, baseVersion: version }],
      ["rollbackPolicyAction", { version: 1 }],
    ] as const) {
      const response = await callAction(h.baseUrl, name, [input], {
        cookie: cookieA,
        origin: "https://evil.example",
        path: "/policy",
      });
      expect(response.status, name).not.toBe(200);
    }
    expect(await listPolicyHistory(h.db, h.merchantA.merchantId)).toEqual(before);
  });

  it("sends a visitor without a session to sign in, and changes nothing", async () => {
    const before = await listPolicyHistory(h.db, h.merchantA.merchantId);
    const page = await fetch(`${h.baseUrl}/policy/versions`, { redirect: "manual" });
    expect([303, 307, 308]).toContain(page.status);
    const { status } = await callAction(h.baseUrl, "rollbackPolicyAction", [{ version: 1 }], {
      path: "/policy",
    });
    expect(status).not.toBe(200);
    expect(await listPolicyHistory(h.db, h.merchantA.merchantId)).toEqual(before);
  });
});
