"use server";

import {
  getActivePolicy,
  getMerchant,
  listPastDecisions,
  NotFoundError,
  PolicyVersionConflictError,
  rollbackPolicy,
  savePolicyVersion,
} from "@po-pro/db";
import {
  explain,
  type PreviewDirection,
  previewPolicy,
  type RecommendedAction,
  unmatchedResponseLines,
} from "@po-pro/policy";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult, invalidFields } from "../../forms/fields";
import { policyForm, savePolicyForm, validatePolicyForm } from "../../forms/policy-form";
import { diffPolicies } from "../policy-diff";
import type { Services } from "../services";
import { NOT_FOUND, runAction } from "./run-action";

/** How many recent decisions a preview re-runs, and how many changes it sends back to show. */
const PREVIEW_HISTORY = 200;
const PREVIEW_SHOWN = 50;

export interface PreviewedChange {
  decisionId: string;
  orderId: string;
  poNumber: string;
  supplierName: string;
  decidedAt: string;
  policyVersion: number;
  direction: PreviewDirection;
  from: RecommendedAction;
  to: RecommendedAction;
  rulesAdded: string[];
  rulesRemoved: string[];
  /** How the edited policy would explain its decision, line by line. */
  explanation: string[];
}

export interface PolicyPreviewResult {
  summary: string;
  total: number;
  changed: number;
  stricter: number;
  looser: number;
  changes: PreviewedChange[];
}

async function merchantCurrency(services: Services, merchantId: Parameters<typeof getMerchant>[1]) {
  return (await getMerchant(services.db, merchantId))?.defaultCurrency ?? "USD";
}

/**
 * Re-runs the merchant's recent decisions on replies under the edited policy and lists those that
 * would change. Replies naming items not on the order are left out: the agent sends those to the
 * merchant whatever the policy says.
 */
export async function previewPolicyAction(
  input: unknown,
): Promise<ActionResult<PolicyPreviewResult>> {
  return runAction("previewPolicy", policyForm, input, async ({ me, input: form, ...services }) => {
    const currency = await merchantCurrency(services, me.merchantId);
    const validated = validatePolicyForm(form, currency);
    if (!validated.ok) return invalidFields(validated.fieldErrors);
    const history = (
      await listPastDecisions(services.db, me.merchantId, { limit: PREVIEW_HISTORY })
    ).filter((past) => unmatchedResponseLines(past.order, past.response).length === 0);
    const preview = previewPolicy(validated.policy, history);
    const changes = preview.changes.slice(0, PREVIEW_SHOWN).map((change): PreviewedChange => {
      const past = history[change.index];
      if (past === undefined) throw new Error(`preview index ${change.index} out of range`);
      return {
        decisionId: past.id,
        orderId: past.orderId,
        poNumber: past.poNumber,
        supplierName: past.supplierName,
        decidedAt: past.decidedAt.toISOString(),
        policyVersion: past.policyVersion,
        direction: change.direction,
        from: change.before.recommendedAction,
        to: change.after.recommendedAction,
        rulesAdded: [...change.rulesAdded],
        rulesRemoved: [...change.rulesRemoved],
        explanation: explain(change.decision, { currency: past.order.currency }),
      };
    });
    return {
      ok: true,
      value: {
        summary: preview.summary,
        total: preview.total,
        changed: preview.changed,
        stricter: preview.stricter,
        looser: preview.looser,
        changes,
      },
    };
  });
}

/** Saves the edited policy as the next version and makes it the one the agent decides with. */
export async function savePolicyAction(input: unknown): Promise<ActionResult<{ version: number }>> {
  return runAction(
    "savePolicy",
    savePolicyForm,
    input,
    async ({ me, input: form, ...services }) => {
      const currency = await merchantCurrency(services, me.merchantId);
      const validated = validatePolicyForm(form, currency);
      if (!validated.ok) return invalidFields(validated.fieldErrors);
      const savedSince = (version: number) => ({
        ok: false as const,
        message: `Version ${version} was saved after you opened the editor. Reload the page to edit the newest version.`,
      });
      const active = await getActivePolicy(services.db, me.merchantId);
      if ((active?.version ?? 0) !== form.baseVersion) return savedSince(active?.version ?? 0);
      if (
        active !== undefined &&
        diffPolicies(active.document, validated.policy, currency).length === 0
      ) {
        return {
          ok: false,
          message: `Nothing to save: this is version ${active.version} as it is.`,
        };
      }
      let saved: Awaited<ReturnType<typeof savePolicyVersion>>;
      try {
        // Checked again under the save's lock: another save may have landed since the read above.
        saved = await savePolicyVersion(services.db, me.merchantId, {
          document: validated.policy,
          createdBy: me.userId,
          basedOn: form.baseVersion,
          ...(form.note ? { note: form.note } : {}),
        });
      } catch (error) {
        if (error instanceof PolicyVersionConflictError) return savedSince(error.activeVersion);
        throw error;
      }
      revalidatePath("/policy", "layout");
      return { ok: true, value: { version: saved.version } };
    },
  );
}

const rollback = z.object({ version: z.number().int().min(1).max(1_000_000) });

/** Saves an earlier version's rules again as a new, active version. */
export async function rollbackPolicyAction(
  input: unknown,
): Promise<ActionResult<{ version: number }>> {
  return runAction("rollbackPolicy", rollback, input, async ({ db, me, input: form }) => {
    const active = await getActivePolicy(db, me.merchantId);
    if (active?.version === form.version) {
      return { ok: false, message: `Version ${form.version} is already the active policy.` };
    }
    try {
      const saved = await rollbackPolicy(db, me.merchantId, {
        version: form.version,
        createdBy: me.userId,
      });
      revalidatePath("/policy", "layout");
      return { ok: true, value: { version: saved.version } };
    } catch (error) {
      if (error instanceof NotFoundError) return NOT_FOUND;
      throw error;
    }
  });
}
