import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./fields";
import { editSupplierForm, newSupplierForm, senderCheckForm } from "./supplier-form";

const errorsOf = (result: { error?: Parameters<typeof fieldErrorsOf>[0] }) =>
  result.error ? fieldErrorsOf(result.error) : {};

describe("the supplier form", () => {
  it("stores the bare, lower-cased address the mail layer compares, and blanks as null", () => {
    expect(
      newSupplierForm.parse({
        name: "  Pacific Threads ",
        contactName: " ",
        contactEmail: " Lena Ortiz <Orders@Pacific.TEST> ",
        notes: "",
      }),
    ).toEqual({
      name: "Pacific Threads",
      contactName: null,
      contactEmail: "orders@pacific.test",
      notes: null,
    });
    // An IDN domain in the form the worker compares (punycode).
    expect(
      newSupplierForm.parse({ name: "Bücher", contactEmail: "info@bücher.de" }).contactEmail,
    ).toBe("info@xn--bcher-kva.de");
  });

  it("names each bad field with a sentence", () => {
    expect(
      errorsOf(newSupplierForm.safeParse({ name: "", contactEmail: "", notes: "x".repeat(2001) })),
    ).toEqual({
      name: "Enter the supplier's name.",
      contactEmail: "Enter the supplier's email address.",
      notes: "Keep the notes under 2,000 characters.",
    });
    const email = (contactEmail: string) =>
      errorsOf(newSupplierForm.safeParse({ name: "S", contactEmail })).contactEmail;
    expect(email("orders.pacific.test")).toBe(
      "An email address needs an @, such as orders@supplier.com.",
    );
    expect(email("orders@pacific")).toBe(
      "The part after the @ is not a domain, such as supplier.com.",
    );
    expect(email("orders@192.168.0.1")).toBe(
      "The part after the @ is not a domain, such as supplier.com.",
    );
    expect(email("a..b@pacific.test")).toBe(
      "The part before the @ is not valid in an email address.",
    );
    expect(email("a@pacific.test, b@pacific.test")).toBe(
      "Enter one email address; the agent writes to a single contact.",
    );
  });

  it("edits carry the supplier id; the sender check asks for an address", () => {
    expect(
      editSupplierForm.parse({ supplierId: "x", name: "S", contactEmail: "s@s.test" }).supplierId,
    ).toBe("x");
    expect(errorsOf(senderCheckForm.safeParse({ supplierId: "x", address: " " }))).toEqual({
      address: "Enter an address to check.",
    });
    expect(senderCheckForm.parse({ supplierId: "x", address: "A@B.test" }).address).toBe(
      "a@b.test",
    );
  });
});
