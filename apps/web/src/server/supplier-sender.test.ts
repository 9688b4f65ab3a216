import { describe, expect, it } from "vitest";
import { checkSender, explainSenderChecks } from "./supplier-sender";

const pacific = { name: "Pacific Threads", contactEmail: "orders@pacific.test" };
const eastside = { name: "Eastside Screenprint", contactEmail: "EastsideScreenprint@gmail.com" };

describe("explainSenderChecks", () => {
  it("says any address at the supplier's own domain counts, and another domain is flagged", () => {
    const explained = explainSenderChecks(pacific);
    expect(explained.kind).toBe("domain");
    expect(explained.sentences[0]).toBe(
      "Replies from orders@pacific.test, or any other address at pacific.test, are treated as Pacific Threads.",
    );
    expect(explained.sentences[1]).toBe(
      "A reply from any other domain is flagged as sender_mismatch and escalated to you, even a look-alike such as pacific.co or a subdomain such as mail.pacific.test.",
    );
    expect(explained.sentences.join(" ")).toMatch(/new_reply_address/);
    expect(explained.sentences.join(" ")).toMatch(/auth_failed/);
  });

  it("says only the exact address counts for a free-mail contact", () => {
    const explained = explainSenderChecks(eastside);
    expect(explained.kind).toBe("free_mail");
    expect(explained.sentences[0]).toBe(
      "gmail.com is a free-mail provider, so only eastsidescreenprint@gmail.com counts as Eastside Screenprint; anyone else at gmail.com is flagged as sender_mismatch and escalated to you.",
    );
  });

  it("warns that an unreadable address on file flags every reply", () => {
    const explained = explainSenderChecks({ name: "Broken", contactEmail: "not an address" });
    expect(explained.kind).toBe("unreadable");
    expect(explained.sentences[0]).toMatch(/every reply .* is flagged as sender_mismatch/);
  });
});

describe("checkSender", () => {
  it("passes the address on file and a colleague at the supplier's domain", () => {
    expect(checkSender(pacific, "orders@pacific.test")).toEqual({
      flagged: false,
      signals: [],
      sentence: "No. orders@pacific.test is the address on file for Pacific Threads.",
    });
    expect(checkSender(pacific, "Lena@Pacific.test").sentence).toBe(
      "No. lena@pacific.test is at pacific.test, Pacific Threads' own domain, so it counts as Pacific Threads.",
    );
  });

  it("flags another domain, a subdomain and a free-mail neighbour, saying why", () => {
    const other = checkSender(pacific, "billing@pacific-threads.test");
    expect(other.flagged).toBe(true);
    expect(other.signals).toEqual(["sender_mismatch"]);
    expect(other.sentence).toBe(
      "Yes. billing@pacific-threads.test is not at pacific.test, Pacific Threads' domain; a reply from it would be flagged as sender_mismatch and escalated to you.",
    );
    expect(checkSender(pacific, "a@mail.pacific.test").sentence).toMatch(
      /^Yes\. mail\.pacific\.test is a subdomain of pacific\.test/,
    );
    expect(checkSender(eastside, "someone@gmail.com").sentence).toBe(
      "Yes. gmail.com is a free-mail provider, so only eastsidescreenprint@gmail.com counts as Eastside Screenprint; a reply from it would be flagged as sender_mismatch and escalated to you.",
    );
    expect(checkSender(eastside, "eastsidescreenprint@gmail.com").flagged).toBe(false);
  });
});
