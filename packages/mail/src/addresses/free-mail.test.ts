import { describe, expect, it } from "vitest";
import { isFreeMailDomain } from "./free-mail.js";
import { supplierDomain } from "./sender.js";

describe("free-mail domains", () => {
  it("knows the big providers and regional ones, in any case", () => {
    for (const domain of ["gmail.com", "GMAIL.COM", "outlook.com", "yahoo.co.uk", "libero.it"]) {
      expect(isFreeMailDomain(domain), domain).toBe(true);
    }
    expect(isFreeMailDomain("gmail.com.")).toBe(true);
  });

  it("does not list supplier domains, a look-alike or an invalid domain", () => {
    for (const domain of ["pacificthreads.com", "acme.com", "gmail-orders.com", "not a domain"]) {
      expect(isFreeMailDomain(domain), domain).toBe(false);
    }
  });

  it("supplierDomain is null for free mail and invalid addresses", () => {
    expect(supplierDomain("Sales <Sales@PacificThreads.com>")).toBe("pacificthreads.com");
    expect(supplierDomain("eastsidescreenprint@gmail.com")).toBeNull();
    expect(supplierDomain("x@googlemail.com")).toBeNull();
    expect(supplierDomain("nope")).toBeNull();
  });
});
