// A separate process that works against the embedded server, for embedded-server.integration.test.
import {
  createDb,
  enqueueEmail,
  getMerchantBySlug,
  getOrderByPoNumber,
  listOrders,
  savePolicyVersion,
  storeEmail,
} from "../src/index.js";
import { DEMO_MERCHANT_SLUG, defaultPolicy } from "../src/seed/index.js";

const [url, label, rounds] = process.argv.slice(2);
if (url === undefined || label === undefined)
  throw new Error("usage: embedded-client <url> <label> <rounds>");
const handle = await createDb({ url, maxConnections: 4 });
const merchant = await getMerchantBySlug(handle.db, DEMO_MERCHANT_SLUG);
if (merchant === undefined) throw new Error("demo merchant missing");
const m = merchant.id;
const order = await getOrderByPoNumber(handle.db, m, "PO-1058");
if (order === undefined) throw new Error("demo order missing");

let checked = 0;
await Promise.all(
  Array.from({ length: Number(rounds ?? 20) }, async (_, i) => {
    const id = `${label}-${i}`;
    // Extended-protocol queries with parameters, a transaction with an advisory lock, and reads
    // whose answers are checked, all interleaved on a pool of four connections.
    const { inserted, email } = await storeEmail(handle.db, m, {
      provider: "local",
      providerMessageId: id,
      orderId: order.id,
      fromAddress: "orders@pacificthreads.com",
      toAddresses: ["maya@northwindapparel.com"],
      subject: `message ${id}`,
      textBody: id,
      receivedAt: new Date(),
    });
    if (!inserted || email.textBody !== id) throw new Error(`wrong email row for ${id}`);
    await enqueueEmail(handle.db, m, {
      orderId: order.id,
      kind: "supplier_follow_up",
      idempotencyKey: `follow-up:${id}`,
      toAddresses: ["orders@pacificthreads.com"],
      subject: `follow-up ${id}`,
      textBody: id,
    });
    if (i % 5 === 0) await savePolicyVersion(handle.db, m, { document: defaultPolicy, note: id });
    const orders = await listOrders(handle.db, m);
    if (orders.length !== 6) throw new Error(`expected 6 orders, got ${orders.length}`);
    checked += 1;
  }),
);
await handle.close();
process.stdout.write(`${JSON.stringify({ label, checked })}\n`);
