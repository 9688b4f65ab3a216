import { loadPolicyDocument } from "@po-pro/fixtures";
import { describe, expect, it } from "vitest";
import { defaultPolicy } from "./default-policy.js";

describe("the default policy against the labelled corpus", () => {
  it("is the corpus's policies/default.json", () => {
    expect(defaultPolicy).toEqual(loadPolicyDocument("default"));
  });
});
