import { describe, expect, it } from "vitest";
import { headerValues } from "./mailbox.js";
import { messageIdsIn, threadIdOf } from "./thread.js";

describe("threadIdOf", () => {
  it("is the first References id: the root survives clients that trim the middle", () => {
    expect(
      threadIdOf(
        { messageId: "<c@x>", inReplyTo: "<b@x>", references: ["<a@x> <b@x>"] },
        "fallback",
      ),
    ).toBe("<a@x>");
  });

  it("falls back to In-Reply-To, then the message's own id, then the given id", () => {
    expect(threadIdOf({ messageId: "<c@x>", inReplyTo: "<b@x>" }, "f")).toBe("<b@x>");
    expect(threadIdOf({ messageId: "<c@x>", references: [] }, "f")).toBe("<c@x>");
    expect(threadIdOf({}, "1:7")).toBe("1:7");
  });

  it("reads bare and commented ids the way parseMessage does", () => {
    expect(messageIdsIn("a@x b@x")).toEqual(["<a@x>", "<b@x>"]);
    expect(messageIdsIn("<a@x> (Outlook)")).toEqual(["<a@x>"]);
    expect(messageIdsIn("  ")).toEqual([]);
  });
});

describe("headerValues", () => {
  it("unfolds continuation lines and matches names case-insensitively", () => {
    const block =
      "Message-ID: <m@x>\r\nReferences: <a@x>\r\n <b@x>\r\nX-PO-Pro-Idempotency-Key: k1\r\n\r\n";
    expect(headerValues(block, "references")).toEqual(["<a@x> <b@x>"]);
    expect(headerValues(block, "x-po-pro-idempotency-key")).toEqual(["k1"]);
    expect(headerValues(undefined, "message-id")).toEqual([]);
  });
});
