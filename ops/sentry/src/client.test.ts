import { describe, expect, it } from "vitest";
import { nextCursor, sentryDetail } from "./client.js";

describe("nextCursor", () => {
  it("follows the next link only while Sentry says it has results", () => {
    const more =
      '<https://sentry.io/api/0/x/?&cursor=100:0:1>; rel="previous"; results="false"; cursor="100:0:1", ' +
      '<https://sentry.io/api/0/x/?&cursor=100:1:0>; rel="next"; results="true"; cursor="100:1:0"';
    expect(nextCursor(more)).toBe("100:1:0");
    expect(nextCursor(more.replace('results="true"', 'results="false"'))).toBeUndefined();
    expect(nextCursor(null)).toBeUndefined();
  });
});

describe("sentryDetail", () => {
  it("reads Sentry's detail, its field errors, or the raw text", () => {
    expect(sentryDetail({ detail: "Invalid token" }, "x")).toBe("Invalid token");
    expect(sentryDetail({ detail: { code: "c", message: "Too many" } }, "x")).toBe("Too many");
    expect(sentryDetail({ frequency: ["Too low."], actions: ["Must select an action"] }, "x")).toBe(
      "frequency: Too low.; actions: Must select an action",
    );
    expect(sentryDetail("<html>Bad gateway</html>", "x")).toBe("<html>Bad gateway</html>");
    expect(sentryDetail(null, "Bad Gateway")).toBe("Bad Gateway");
  });
});
