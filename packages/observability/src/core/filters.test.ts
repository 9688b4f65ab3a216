import { describe, expect, it } from "vitest";
import { createErrorFilter, markExpected } from "./filters.js";

describe("error filter", () => {
  const filter = createErrorFilter();

  it("drops expected, 404, validation, script errors, bots and health checks", () => {
    expect(filter({}, { originalException: markExpected(new Error("x")) })).toBe("expected");
    expect(filter({}, { originalException: Object.assign(new Error("nf"), { status: 404 }) })).toBe(
      "not-found",
    );
    const zod = Object.assign(new Error("bad"), { name: "ZodError" });
    expect(filter({}, { originalException: zod })).toBe("validation");
    expect(filter({ message: "Script error." }, {})).toBe("script-error");
    expect(
      filter(
        { request: { headers: { "user-agent": "Googlebot/2.1 (+http://google.com/bot)" } } },
        {},
      ),
    ).toBe("bot");
    expect(filter({ type: "transaction", transaction: "GET /health" }, {})).toBe("health-check");
  });

  it("keeps real errors and honours custom predicates", () => {
    expect(filter({}, { originalException: new Error("boom") })).toBeUndefined();
    expect(
      filter({}, { originalException: Object.assign(new Error("x"), { status: 500 }) }),
    ).toBeUndefined();
    const custom = createErrorFilter({ ignore: [(e) => e.message === "noise"] });
    expect(custom({ message: "noise" }, {})).toBe("custom");
  });
});
