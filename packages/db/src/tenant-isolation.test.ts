import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client.js";
import {
  type ApprovalId,
  type DecisionId,
  type EmailMessageId,
  type ExtractionId,
  type GmailConnectionId,
  type LocalMailMessageId,
  type MerchantId,
  type OrderId,
  type OutboxMessageId,
  type PolicyId,
  parseId,
  type SupplierId,
  type UserId,
} from "./ids.js";
import * as queries from "./queries/index.js";
import { NotFoundError } from "./queries/not-found.js";
import * as scans from "./queries/scans.js";
import { defaultPolicy } from "./seed/default-policy.js";
import {
  createTestDatabase,
  FOREIGN_KEY_VIOLATION,
  sqlState,
  type TestDatabase,
} from "./testing/index.js";

/**
 * Tenant isolation is a property of the data-access functions: for every one of them, merchant A's
 * call never returns, changes or links to merchant B's rows. The `cases` table is typed by the
 * module's exports, so a new data-access function does not compile until it has a case here.
 */

type DataAccessKeys = {
  [K in keyof typeof queries]: (typeof queries)[K] extends (
    db: Database,
    ...args: never[]
  ) => unknown
    ? K
    : never;
}[keyof typeof queries];

interface Tenant {
  merchantId: MerchantId;
  slug: string;
  ownerId: UserId;
  gmailId: GmailConnectionId;
  sharedSupplierId: SupplierId;
  ownSupplierId: SupplierId;
  ownSupplierEmail: string;
  policyId: PolicyId;
  orderId: OrderId;
  threadId: string;
  emailId: EmailMessageId;
  providerMessageId: string;
  extractionId: ExtractionId;
  decisionId: DecisionId;
  approvalId: ApprovalId;
  outboxId: OutboxMessageId;
  outboxKey: string;
  localMailId: LocalMailMessageId;
  localMailKey: string;
}

let database: TestDatabase;
let db: Database;
let A: Tenant;
let B: Tenant;

async function populate(slug: string): Promise<Tenant> {
  const { merchant, owner } = await queries.createMerchant(db, {
    name: slug,
    slug,
    email: `buyer@${slug}.test`,
    owner: { name: `${slug} owner`, email: `owner@${slug}.test` },
  });
  const m = merchant.id;
  const gmail = await queries.saveGmailConnection(db, m, {
    emailAddress: "shared-inbox@example.test",
    encryptedRefreshToken: `token-of-${slug}`,
    scopes: ["gmail.modify"],
  });
  // Both merchants buy from Acme (one shared supplier row, each with its own name for it)...
  const shared = await queries.addSupplier(db, m, {
    name: `Acme as ${slug} calls it`,
    contactEmail: "sales@acme.test",
    domain: "acme.test",
  });
  // ...and each from a supplier the other does not know.
  const ownSupplierEmail = `orders@${slug}-only-supplier.test`;
  const own = await queries.addSupplier(db, m, {
    name: `${slug} only supplier`,
    contactEmail: ownSupplierEmail,
    domain: `${slug}-only-supplier.test`,
  });
  const policy = await queries.savePolicyVersion(db, m, { document: defaultPolicy });
  const order = await queries.createOrder(db, m, {
    supplierId: shared.supplierId,
    poNumber: "PO-100",
    currency: "USD",
    paymentTerms: "NET30",
    status: "awaiting_supplier",
    lines: [{ sku: "SKU-1", description: "Thing", quantity: 10, unitPriceMinor: 250 }],
  });
  const threadId = `thread-${slug}`;
  await queries.updateOrder(db, m, order.id, {
    threadId,
    nextFollowUpAt: new Date("2026-01-01T00:00:00Z"),
  });
  const providerMessageId = `provider-msg-${slug}`;
  const { email } = await queries.storeEmail(db, m, {
    provider: "gmail",
    providerMessageId,
    providerThreadId: threadId,
    orderId: order.id,
    fromAddress: "sales@acme.test",
    toAddresses: [`buyer@${slug}.test`],
    subject: "Re: PO-100",
    textBody: "Confirmed",
    receivedAt: new Date("2026-01-01T00:00:00Z"),
  });
  const extraction = await queries.recordExtraction(db, m, {
    emailMessageId: email.id,
    orderId: order.id,
    provider: "local",
    model: "keyless",
    attempt: 1,
    usedFallback: false,
    response: { kind: "confirmation", lines: [], confidence: 0.9 },
    confidence: 0.9,
  });
  const decision = await queries.recordDecision(db, m, {
    orderId: order.id,
    extractionId: extraction.id,
    policyId: policy.id,
    policyVersion: policy.version,
    complianceStatus: "needs_review",
    recommendedAction: "escalate",
    explanation: "needs review",
  });
  const approval = await queries.createApproval(db, m, {
    orderId: order.id,
    decisionId: decision.id,
    reason: "needs review",
  });
  const outboxKey = `key-${slug}`;
  const { message } = await queries.enqueueEmail(db, m, {
    orderId: order.id,
    kind: "confirmation",
    idempotencyKey: outboxKey,
    toAddresses: ["sales@acme.test"],
    subject: "Re: PO-100",
    textBody: "Thanks",
    nextAttemptAt: new Date("2026-01-01T00:00:00Z"),
  });
  await queries.appendAudit(db, m, { orderId: order.id, actor: "agent", event: "seeded" });
  // Both merchants' local mailboxes have the same address and send the same key.
  const localMailKey = "local-key-shared";
  const { message: localMail } = await queries.storeLocalMail(db, m, {
    mailboxAddress: "shared-inbox@example.test",
    folder: "sent",
    threadId: "local-thread",
    messageId: `<po-100.${slug}@example.test>`,
    fromAddress: "shared-inbox@example.test",
    toAddresses: ["sales@acme.test"],
    subject: "Purchase order PO-100",
    raw: new TextEncoder().encode("Subject: Purchase order PO-100\r\n\r\nPO"),
    idempotencyKey: localMailKey,
    createdAt: new Date("2026-01-01T00:00:00Z"),
  });
  return {
    merchantId: m,
    slug,
    ownerId: owner.id,
    gmailId: gmail.id,
    sharedSupplierId: shared.supplierId,
    ownSupplierId: own.supplierId,
    ownSupplierEmail,
    policyId: policy.id,
    orderId: order.id,
    threadId,
    emailId: email.id,
    providerMessageId,
    extractionId: extraction.id,
    decisionId: decision.id,
    approvalId: approval.id,
    outboxId: message.id,
    outboxKey,
    localMailId: localMail.id,
    localMailKey,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  A = await populate("alpha");
  B = await populate("beta");
});

afterAll(() => database?.close());

/** Every row a list returns belongs to A (rows that carry merchantId), and none has a B id. */
function onlyA<T extends object>(rows: T[], bIds: string[] = []): T[] {
  for (const row of rows) {
    if ("merchantId" in row) expect(row.merchantId).toBe(A.merchantId);
    if ("id" in row) expect(bIds).not.toContain(row.id);
  }
  return rows;
}

async function notFound(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(NotFoundError);
}

async function refusedByForeignKey(promise: Promise<unknown>): Promise<void> {
  expect(await sqlState(promise)).toBe(FOREIGN_KEY_VIOLATION);
}

/** B's rows as B sees them, to check that nothing A did changed them. */
async function snapshotB() {
  return {
    order: await queries.getOrder(db, B.merchantId, B.orderId),
    email: await queries.getEmail(db, B.merchantId, B.emailId),
    approval: await queries.getApproval(db, B.merchantId, B.approvalId),
    outbox: await queries.getOutboxMessage(db, B.merchantId, B.outboxId),
    gmail: await queries.getGmailConnection(db, B.merchantId),
    policy: await queries.getActivePolicy(db, B.merchantId),
    suppliers: await queries.listSuppliers(db, B.merchantId),
    localMail: await queries.listLocalMail(db, B.merchantId, {
      mailboxAddress: "shared-inbox@example.test",
      folder: "sent",
    }),
  };
}

const cases: Record<DataAccessKeys, () => Promise<void>> = {
  getMerchant: async () => {
    expect((await queries.getMerchant(db, A.merchantId))?.slug).toBe("alpha");
  },
  getMerchantBySlug: async () => {
    expect((await queries.getMerchantBySlug(db, "alpha"))?.id).toBe(A.merchantId);
  },
  createMerchant: async () => {
    const { merchant } = await queries.createMerchant(db, {
      name: "Gamma",
      slug: "gamma",
      email: "buyer@gamma.test",
      owner: { name: "G", email: "owner@gamma.test" },
    });
    expect([A.merchantId, B.merchantId]).not.toContain(merchant.id);
    expect(await queries.listSuppliers(db, merchant.id)).toEqual([]);
    expect(await queries.listOrders(db, merchant.id)).toEqual([]);
  },
  getUserMerchant: async () => {
    // Keyed by the session's user: A's user gets A's merchant, never B's.
    expect(await queries.getUserMerchant(db, A.ownerId)).toMatchObject({
      userId: A.ownerId,
      merchantId: A.merchantId,
    });
    expect((await queries.getUserMerchant(db, B.ownerId))?.merchantId).toBe(B.merchantId);
  },
  getUserByEmail: async () => {
    // Keyed by the login address (any case): each address finds its own merchant's user.
    expect((await queries.getUserByEmail(db, "OWNER@alpha.test"))?.merchantId).toBe(A.merchantId);
    expect((await queries.getUserByEmail(db, "owner@beta.test"))?.merchantId).toBe(B.merchantId);
  },
  listUsers: async () => {
    const users = onlyA(await queries.listUsers(db, A.merchantId), [B.ownerId]);
    expect(users.map((u) => u.id)).toEqual([A.ownerId]);
  },
  getGmailConnection: async () => {
    const connection = await queries.getGmailConnection(db, A.merchantId);
    expect(connection?.id).toBe(A.gmailId);
    expect(connection?.encryptedRefreshToken).toBe("token-of-alpha");
  },
  saveGmailConnection: async () => {
    const before = await snapshotB();
    const saved = await queries.saveGmailConnection(db, A.merchantId, {
      emailAddress: "shared-inbox@example.test",
      encryptedRefreshToken: "token-of-alpha",
      scopes: ["gmail.modify"],
    });
    expect(saved.merchantId).toBe(A.merchantId);
    expect((await snapshotB()).gmail).toEqual(before.gmail);
  },
  updateGmailSync: async () => {
    await notFound(queries.updateGmailSync(db, A.merchantId, B.gmailId, { historyId: "999" }));
    expect((await queries.getGmailConnection(db, B.merchantId))?.historyId).toBeNull();
  },
  listSuppliers: async () => {
    const suppliers = await queries.listSuppliers(db, A.merchantId);
    expect(suppliers.map((s) => s.supplierId)).not.toContain(B.ownSupplierId);
    // The shared supplier shows A's own name for it.
    expect(suppliers.map((s) => s.name)).not.toContain("Acme as beta calls it");
  },
  getSupplier: async () => {
    expect(await queries.getSupplier(db, A.merchantId, B.ownSupplierId)).toBeUndefined();
    expect((await queries.getSupplier(db, A.merchantId, A.sharedSupplierId))?.name).toBe(
      "Acme as alpha calls it",
    );
  },
  findSupplierByEmail: async () => {
    const ownOfB = { address: B.ownSupplierEmail, domain: "beta-only-supplier.test" };
    expect(await queries.findSupplierByEmail(db, A.merchantId, ownOfB)).toBeUndefined();
    const rep = { address: "rep@acme.test", domain: "acme.test" };
    expect((await queries.findSupplierByEmail(db, A.merchantId, rep))?.name).toBe(
      "Acme as alpha calls it",
    );
  },
  addSupplier: async () => {
    const before = await snapshotB();
    // A adds B's private supplier by address: A gets its own link, B's view does not change.
    const added = await queries.addSupplier(db, A.merchantId, {
      name: "Renamed by alpha",
      contactEmail: B.ownSupplierEmail,
      domain: "beta-only-supplier.test",
    });
    expect(added.supplierId).toBe(B.ownSupplierId);
    expect((await snapshotB()).suppliers).toEqual(before.suppliers);
  },
  getActivePolicy: async () => {
    expect((await queries.getActivePolicy(db, A.merchantId))?.merchantId).toBe(A.merchantId);
  },
  createApiToken: async () => {
    const { token } = await queries.createApiToken(db, A.merchantId, {
      name: "A's",
      createdBy: A.ownerId,
    });
    expect((await queries.authenticateApiToken(db, token))?.merchantId).toBe(A.merchantId);
    // The creator must be one of the merchant's own users.
    await refusedByForeignKey(
      queries.createApiToken(db, A.merchantId, { name: "as B's owner", createdBy: B.ownerId }),
    );
  },
  listApiTokens: async () => {
    const { summary } = await queries.createApiToken(db, B.merchantId, { name: "B's" });
    expect((await queries.listApiTokens(db, A.merchantId)).map((t) => t.id)).not.toContain(
      summary.id,
    );
  },
  revokeApiToken: async () => {
    const { token, summary } = await queries.createApiToken(db, B.merchantId, { name: "B's" });
    await notFound(queries.revokeApiToken(db, A.merchantId, summary.id));
    expect((await queries.authenticateApiToken(db, token))?.merchantId).toBe(B.merchantId);
  },
  authenticateApiToken: async () => {
    // Keyed by the token: each merchant's token authenticates as that merchant, and no other.
    const a = await queries.createApiToken(db, A.merchantId, { name: "A's" });
    const b = await queries.createApiToken(db, B.merchantId, { name: "B's" });
    expect((await queries.authenticateApiToken(db, a.token))?.merchantId).toBe(A.merchantId);
    expect((await queries.authenticateApiToken(db, b.token))?.merchantId).toBe(B.merchantId);
  },
  markGmailRevoked: async () => {
    await notFound(queries.markGmailRevoked(db, A.merchantId, B.gmailId));
    const b = await queries.getGmailConnection(db, B.merchantId);
    expect(b?.status).toBe("connected");
    expect(b?.encryptedRefreshToken).toBe("token-of-beta");
  },
  getImapConnection: async () => {
    const b = await imapOf(B);
    expect((await queries.getImapConnection(db, A.merchantId))?.id).not.toBe(b.id);
  },
  saveImapConnection: async () => {
    const b = await imapOf(B);
    const a = await queries.saveImapConnection(db, A.merchantId, imapInput("alpha"));
    expect(a.merchantId).toBe(A.merchantId);
    expect(a.id).not.toBe(b.id);
    expect(await queries.getImapConnection(db, B.merchantId)).toEqual(b);
  },
  updateImapSync: async () => {
    const b = await imapOf(B);
    await notFound(queries.updateImapSync(db, A.merchantId, b.id, { lastError: "A's" }));
    expect(await queries.getImapConnection(db, B.merchantId)).toEqual(b);
  },
  disconnectImapConnection: async () => {
    const b = await imapOf(B);
    await notFound(queries.disconnectImapConnection(db, A.merchantId, b.id));
    expect(await queries.getImapConnection(db, B.merchantId)).toEqual(b);
  },
  listPolicyVersions: async () => {
    expect(onlyA(await queries.listPolicyVersions(db, A.merchantId), [B.policyId]).length).toBe(
      (await queries.listPolicyVersions(db, A.merchantId)).length,
    );
  },
  savePolicyVersion: async () => {
    const before = await snapshotB();
    const saved = await queries.savePolicyVersion(db, A.merchantId, { document: defaultPolicy });
    expect(saved.merchantId).toBe(A.merchantId);
    expect((await snapshotB()).policy).toEqual(before.policy);
  },
  activatePolicyVersion: async () => {
    await notFound(queries.activatePolicyVersion(db, A.merchantId, B.policyId));
    expect((await queries.getActivePolicy(db, A.merchantId))?.merchantId).toBe(A.merchantId);
  },
  listOrders: async () => {
    const orders = await queries.listOrders(db, A.merchantId);
    expect(orders.map((o) => o.id)).toEqual([A.orderId]);
    expect(orders[0]?.totalMinor).toBe(2500);
    // Both have a PO-100 from the shared supplier; a search finds A's only, and B's own name for
    // the supplier (or B's own supplier) finds nothing for A.
    const searched = await queries.listOrders(db, A.merchantId, { search: "po-100" });
    expect(searched.map((o) => o.id)).toEqual([A.orderId]);
    expect(await queries.listOrders(db, A.merchantId, { search: "as beta calls" })).toEqual([]);
    expect(await queries.listOrders(db, A.merchantId, { search: "beta only" })).toEqual([]);
  },
  countOrdersByStatus: async () => {
    const counts = await queries.countOrdersByStatus(db, A.merchantId);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(total).toBe((await queries.listOrders(db, A.merchantId)).length);
  },
  getOrderTrail: async () => {
    expect(await queries.getOrderTrail(db, A.merchantId, B.orderId)).toBeUndefined();
    const trail = (await queries.getOrderTrail(db, A.merchantId, A.orderId)) ?? [];
    const bIds = [B.emailId, B.extractionId, B.decisionId, B.approvalId, B.outboxId];
    expect(trail.length).toBeGreaterThan(0);
    for (const entry of trail) expect(bIds).not.toContain(entry.id);
  },
  getLiveStatus: async () => {
    const live = await queries.getLiveStatus(db, A.merchantId, { orderId: B.orderId });
    expect(live.order).toBeUndefined();
    expect(live.pendingApprovals).toBe(
      (await queries.listApprovals(db, A.merchantId, { status: "pending" })).length,
    );
  },
  getOrder: async () => {
    expect(await queries.getOrder(db, A.merchantId, B.orderId)).toBeUndefined();
    const own = await queries.getOrder(db, A.merchantId, A.orderId);
    expect(own?.lines.every((line) => line.merchantId === A.merchantId)).toBe(true);
  },
  getOrderByPoNumber: async () => {
    // Both merchants have a PO-100.
    expect((await queries.getOrderByPoNumber(db, A.merchantId, "PO-100"))?.id).toBe(A.orderId);
  },
  getOrderByThread: async () => {
    expect(await queries.getOrderByThread(db, A.merchantId, B.threadId)).toBeUndefined();
    expect((await queries.getOrderByThread(db, A.merchantId, A.threadId))?.id).toBe(A.orderId);
  },
  createOrder: async () => {
    await refusedByForeignKey(
      queries.createOrder(db, A.merchantId, {
        supplierId: parseId("supplier", "00000000-0000-4000-8000-00000000000b"),
        poNumber: "PO-200",
        currency: "USD",
        paymentTerms: "NET30",
        lines: [],
      }),
    );
  },
  updateOrder: async () => {
    const before = await snapshotB();
    await notFound(queries.updateOrder(db, A.merchantId, B.orderId, { status: "cancelled" }));
    expect((await snapshotB()).order).toEqual(before.order);
  },
  storeEmail: async () => {
    const before = await snapshotB();
    // The same provider id in A's mailbox is A's own message, not B's.
    const stored = await queries.storeEmail(db, A.merchantId, {
      provider: "gmail",
      providerMessageId: B.providerMessageId,
      fromAddress: "x@acme.test",
      toAddresses: [],
      subject: "s",
      textBody: "t",
      receivedAt: new Date(),
    });
    expect(stored.inserted).toBe(true);
    expect(stored.email.merchantId).toBe(A.merchantId);
    expect((await snapshotB()).email).toEqual(before.email);
  },
  getEmail: async () => {
    expect(await queries.getEmail(db, A.merchantId, B.emailId)).toBeUndefined();
  },
  listOrderEmails: async () => {
    expect(await queries.listOrderEmails(db, A.merchantId, B.orderId)).toEqual([]);
    onlyA(await queries.listOrderEmails(db, A.merchantId, A.orderId), [B.emailId]);
  },
  recordReplyOutcome: async () => {
    const before = await snapshotB();
    await refusedByForeignKey(
      queries.recordReplyOutcome(db, A.merchantId, {
        emailId: B.emailId,
        orderId: B.orderId,
        extraction: {
          provider: "local",
          model: "keyless",
          attempt: 1,
          usedFallback: false,
          response: {},
          confidence: 1,
        },
        decision: {
          policyId: A.policyId,
          policyVersion: 1,
          complianceStatus: "compliant",
          recommendedAction: "accept",
          explanation: "Decision: accept.",
        },
        audit: { actor: "agent", event: "reply_decided" },
        email: { state: "processed", orderId: B.orderId },
        order: { status: "confirmed" },
      }),
    );
    expect(await snapshotB()).toEqual(before);
  },
  recordOutboxDelivery: async () => {
    const before = await snapshotB();
    await queries.recordOutboxDelivery(db, A.merchantId, {
      messageId: B.outboxId,
      providerMessageId: "stolen",
      sent: {
        provider: "local",
        providerMessageId: `delivery-${B.outboxId}`,
        direction: "outbound",
        fromAddress: "a@example.test",
        toAddresses: ["sales@acme.test"],
        subject: "Re: PO-100",
        textBody: "sent",
        receivedAt: new Date(),
      },
      audit: { actor: "agent", event: "email_sent" },
    });
    expect((await snapshotB()).outbox).toEqual(before.outbox);
    expect(await queries.getOutboxMessage(db, A.merchantId, B.outboxId)).toBeUndefined();
  },
  getPendingApproval: async () => {
    expect(await queries.getPendingApproval(db, A.merchantId, B.orderId)).toBeUndefined();
  },
  lockOrder: async () => {
    await db.transaction(async (tx) => {
      expect(await queries.lockOrder(tx, A.merchantId, B.orderId)).toBeUndefined();
      expect((await queries.lockOrder(tx, A.merchantId, A.orderId))?.id).toBe(A.orderId);
    });
  },
  lockEmail: async () => {
    await db.transaction(async (tx) => {
      expect(await queries.lockEmail(tx, A.merchantId, B.emailId)).toBeUndefined();
      expect((await queries.lockEmail(tx, A.merchantId, A.emailId))?.id).toBe(A.emailId);
    });
  },
  attachEmailToOrder: async () => {
    const before = await snapshotB();
    const { email: bUnmatched } = await queries.storeEmail(db, B.merchantId, {
      provider: "gmail",
      providerMessageId: "b-unmatched",
      fromAddress: "sales@acme.test",
      toAddresses: ["buyer@beta.test"],
      subject: "Which order?",
      textBody: "?",
      receivedAt: new Date("2026-01-02T00:00:00Z"),
    });
    const { email: aUnmatched } = await queries.storeEmail(db, A.merchantId, {
      provider: "gmail",
      providerMessageId: "a-unmatched",
      fromAddress: "sales@acme.test",
      toAddresses: ["buyer@alpha.test"],
      subject: "Which order?",
      textBody: "?",
      receivedAt: new Date("2026-01-02T00:00:00Z"),
    });
    const bAudit = await queries.listAudit(db, B.merchantId);
    for (const ids of [
      { emailId: bUnmatched.id, orderId: A.orderId },
      { emailId: bUnmatched.id, orderId: B.orderId },
      { emailId: aUnmatched.id, orderId: B.orderId },
      { emailId: B.emailId, orderId: B.orderId },
    ]) {
      await notFound(queries.attachEmailToOrder(db, A.merchantId, { ...ids, userId: A.ownerId }));
    }
    // A's own email to A's own order, by B's user: the audit entry cannot name B's user.
    await refusedByForeignKey(
      db.transaction((tx) =>
        queries.attachEmailToOrder(tx, A.merchantId, {
          emailId: aUnmatched.id,
          orderId: A.orderId,
          userId: B.ownerId,
        }),
      ),
    );
    expect(await queries.getEmail(db, B.merchantId, bUnmatched.id)).toEqual(bUnmatched);
    expect(await queries.listAudit(db, B.merchantId)).toEqual(bAudit);
    expect(await snapshotB()).toEqual(before);
  },
  listUnmatchedEmails: async () => {
    onlyA(await queries.listUnmatchedEmails(db, A.merchantId), [B.emailId]);
  },
  claimOutboxMessage: async () => {
    const before = await snapshotB();
    expect(await queries.claimOutboxMessage(db, A.merchantId, B.outboxId, 1000)).toBeUndefined();
    expect((await snapshotB()).outbox).toEqual(before.outbox);
  },
  getMailboxCursor: async () => {
    const mailbox = { provider: "local", address: "shared-inbox@example.test" };
    await queries.saveMailboxCursor(db, B.merchantId, mailbox, "b-cursor");
    expect(await queries.getMailboxCursor(db, A.merchantId, mailbox)).not.toBe("b-cursor");
  },
  saveMailboxCursor: async () => {
    const mailbox = { provider: "local", address: "Shared-Inbox@example.test" };
    await queries.saveMailboxCursor(db, B.merchantId, mailbox, "b-cursor");
    await queries.saveMailboxCursor(db, A.merchantId, mailbox, "a-cursor");
    expect(await queries.getMailboxCursor(db, A.merchantId, mailbox)).toBe("a-cursor");
    expect(await queries.getMailboxCursor(db, B.merchantId, mailbox)).toBe("b-cursor");
  },
  setEmailState: async () => {
    const before = await snapshotB();
    await notFound(queries.setEmailState(db, A.merchantId, B.emailId, { state: "ignored" }));
    expect((await snapshotB()).email).toEqual(before.email);
  },
  recordExtraction: async () => {
    await refusedByForeignKey(
      queries.recordExtraction(db, A.merchantId, {
        emailMessageId: B.emailId,
        orderId: B.orderId,
        provider: "local",
        model: "keyless",
        attempt: 1,
        usedFallback: false,
        response: {},
        confidence: 1,
      }),
    );
  },
  listOrderExtractions: async () => {
    expect(await queries.listOrderExtractions(db, A.merchantId, B.orderId)).toEqual([]);
    onlyA(await queries.listOrderExtractions(db, A.merchantId, A.orderId), [B.extractionId]);
  },
  recordDecision: async () => {
    await refusedByForeignKey(
      queries.recordDecision(db, A.merchantId, {
        orderId: A.orderId,
        policyId: B.policyId,
        policyVersion: 1,
        complianceStatus: "compliant",
        recommendedAction: "accept",
        explanation: "x",
      }),
    );
  },
  listOrderDecisions: async () => {
    expect(await queries.listOrderDecisions(db, A.merchantId, B.orderId)).toEqual([]);
    onlyA(await queries.listOrderDecisions(db, A.merchantId, A.orderId), [B.decisionId]);
  },
  createApproval: async () => {
    await refusedByForeignKey(
      queries.createApproval(db, A.merchantId, {
        orderId: B.orderId,
        decisionId: B.decisionId,
        reason: "x",
      }),
    );
  },
  listApprovals: async () => {
    const approvals = onlyA(await queries.listApprovals(db, A.merchantId), [B.approvalId]);
    expect(approvals.map((a) => a.id)).toEqual([A.approvalId]);
  },
  listApprovalsForReview: async () => {
    const items = await queries.listApprovalsForReview(db, A.merchantId);
    expect(items.map((a) => a.id)).not.toContain(B.approvalId);
    for (const item of items) {
      expect(item.order.lines.every((l) => l.merchantId === A.merchantId)).toBe(true);
    }
    expect(items.every((item) => item.order.id === A.orderId)).toBe(true);
  },
  getApprovalForReview: async () => {
    expect(await queries.getApprovalForReview(db, A.merchantId, B.approvalId)).toBeUndefined();
    const own = await queries.getApprovalForReview(db, A.merchantId, A.approvalId);
    expect(own?.email?.id).toBe(A.emailId);
  },
  countPendingApprovals: async () => {
    expect(await queries.countPendingApprovals(db, A.merchantId)).toBe(
      (await queries.listApprovals(db, A.merchantId, { status: "pending" })).length,
    );
  },
  getApproval: async () => {
    expect(await queries.getApproval(db, A.merchantId, B.approvalId)).toBeUndefined();
  },
  decideApproval: async () => {
    const before = await snapshotB();
    await notFound(queries.decideApproval(db, A.merchantId, B.approvalId, { status: "approved" }));
    expect((await snapshotB()).approval).toEqual(before.approval);
  },
  noteApprovalFollowUp: async () => {
    const before = await snapshotB();
    await notFound(queries.noteApprovalFollowUp(db, A.merchantId, B.approvalId, "reminder"));
    expect((await snapshotB()).approval).toEqual(before.approval);
  },
  enqueueEmail: async () => {
    const before = await snapshotB();
    // B's key exists; A neither gets B's row back nor writes a second one.
    await notFound(
      queries.enqueueEmail(db, A.merchantId, {
        orderId: A.orderId,
        kind: "confirmation",
        idempotencyKey: B.outboxKey,
        toAddresses: ["x@acme.test"],
        subject: "s",
        textBody: "t",
      }),
    );
    expect((await snapshotB()).outbox).toEqual(before.outbox);
  },
  getOutboxMessage: async () => {
    expect(await queries.getOutboxMessage(db, A.merchantId, B.outboxId)).toBeUndefined();
  },
  listOrderOutbox: async () => {
    expect(await queries.listOrderOutbox(db, A.merchantId, B.orderId)).toEqual([]);
    onlyA(await queries.listOrderOutbox(db, A.merchantId, A.orderId), [B.outboxId]);
  },
  markOutboxSent: async () => {
    const before = await snapshotB();
    await notFound(queries.markOutboxSent(db, A.merchantId, B.outboxId, "provider-1"));
    expect((await snapshotB()).outbox).toEqual(before.outbox);
  },
  markOutboxFailed: async () => {
    const before = await snapshotB();
    await notFound(queries.markOutboxFailed(db, A.merchantId, B.outboxId, { error: "boom" }));
    expect((await snapshotB()).outbox).toEqual(before.outbox);
  },
  storeLocalMail: async () => {
    const before = await snapshotB();
    // B's mailbox has the same address and used the same key; A's send is A's own.
    const stored = await queries.storeLocalMail(db, A.merchantId, {
      mailboxAddress: "shared-inbox@example.test",
      folder: "inbox",
      threadId: "local-thread",
      messageId: "<reply.alpha@acme.test>",
      inReplyTo: "<po-100.beta@example.test>",
      fromAddress: "sales@acme.test",
      raw: new Uint8Array([65]),
      idempotencyKey: "local-key-other",
    });
    expect(stored.message.merchantId).toBe(A.merchantId);
    const again = await queries.storeLocalMail(db, A.merchantId, {
      mailboxAddress: "shared-inbox@example.test",
      folder: "sent",
      threadId: "t",
      messageId: "<x@example.test>",
      fromAddress: "shared-inbox@example.test",
      raw: new Uint8Array([65]),
      idempotencyKey: A.localMailKey,
    });
    expect(again).toMatchObject({ inserted: false, message: { id: A.localMailId } });
    expect((await snapshotB()).localMail).toEqual(before.localMail);
  },
  getLocalMail: async () => {
    expect(await queries.getLocalMail(db, A.merchantId, B.localMailId)).toBeUndefined();
  },
  findLocalMailByIdempotencyKey: async () => {
    const own = await queries.findLocalMailByIdempotencyKey(db, A.merchantId, A.localMailKey);
    expect(own?.id).toBe(A.localMailId);
  },
  listLocalMail: async () => {
    const sent = await queries.listLocalMail(db, A.merchantId, {
      mailboxAddress: "shared-inbox@example.test",
      folder: "sent",
    });
    expect(onlyA(sent, [B.localMailId]).map((row) => row.id)).toContain(A.localMailId);
  },
  listUnansweredLocalMail: async () => {
    // A reply stored for A to B's message id does not answer B's message, nor A's.
    const due = await queries.listUnansweredLocalMail(db, A.merchantId, {
      toAddresses: ["sales@acme.test"],
      sentBefore: new Date("2026-06-01T00:00:00Z"),
    });
    expect(onlyA(due, [B.localMailId]).map((row) => row.id)).toEqual([A.localMailId]);
  },
  appendAudit: async () => {
    await refusedByForeignKey(
      queries.appendAudit(db, A.merchantId, { orderId: B.orderId, actor: "agent", event: "x" }),
    );
  },
  listAudit: async () => {
    onlyA(await queries.listAudit(db, A.merchantId));
    expect(await queries.listAudit(db, A.merchantId, { orderId: B.orderId })).toEqual([]);
  },
};

describe("tenant isolation of every data-access function", () => {
  it("has a case for every function the module exports", () => {
    const exported = Object.entries(queries)
      .filter(([, value]) => typeof value === "function" && !/^[A-Z]/.test(value.name))
      .map(([name]) => name);
    expect(Object.keys(cases).sort()).toEqual(exported.sort());
  });

  it.each(Object.keys(cases) as DataAccessKeys[])("%s stays within merchant A", async (name) => {
    await cases[name]();
  });
});

describe("worker scans across merchants", () => {
  it("return each due row with the merchant it belongs to", async () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const truth = new Map<string, MerchantId>([
      [A.orderId, A.merchantId],
      [B.orderId, B.merchantId],
      [A.outboxId, A.merchantId],
      [B.outboxId, B.merchantId],
      [A.emailId, A.merchantId],
      [B.emailId, B.merchantId],
      [A.approvalId, A.merchantId],
      [B.approvalId, B.merchantId],
    ]);
    const due = [
      ...(await scans.ordersDueForFollowUp(db, now)),
      ...(await scans.outboxDue(db, now)),
      ...(await scans.emailsDue(db, now)),
      ...(await scans.pendingApprovalsOlderThan(db, new Date(Date.now() + 60_000))),
    ].filter((row) => truth.has(row.id));
    expect(due).toHaveLength(truth.size);
    for (const row of due) expect(row.merchantId).toBe(truth.get(row.id));
  });
});

function imapInput(slug: string) {
  return {
    emailAddress: `buyer@${slug}.test`,
    imapHost: `imap.${slug}.test`,
    imapPort: 993,
    imapSecure: true,
    smtpHost: `smtp.${slug}.test`,
    smtpPort: 465,
    smtpSecure: true,
    username: `buyer@${slug}.test`,
    encryptedPassword: `password-of-${slug}`,
  };
}

/** The tenant's IMAP mailbox, saved on first use. */
async function imapOf(tenant: Tenant) {
  return (
    (await queries.getImapConnection(db, tenant.merchantId)) ??
    queries.saveImapConnection(db, tenant.merchantId, imapInput(tenant.slug))
  );
}
