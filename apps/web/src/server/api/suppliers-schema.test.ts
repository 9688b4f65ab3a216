import { describe, expect, it } from "vitest";
import { createDocument } from "zod-openapi";
import {
  newSupplierBody,
  supplierCreatedResponse,
  supplierListQuery,
  supplierListResponse,
} from "./suppliers-schema";

describe("the /api/suppliers schemas", () => {
  it("make an OpenAPI document with Supplier components", () => {
    const document = createDocument({
      openapi: "3.1.0",
      info: { title: "PO Pro", version: "1" },
      paths: {
        "/api/suppliers": {
          get: {
            requestParams: { query: supplierListQuery },
            responses: {
              "200": {
                description: "OK",
                content: { "application/json": { schema: supplierListResponse } },
              },
            },
          },
          post: {
            requestBody: { content: { "application/json": { schema: newSupplierBody } } },
            responses: {
              "201": {
                description: "Created",
                content: { "application/json": { schema: supplierCreatedResponse } },
              },
            },
          },
        },
      },
    });
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(["Supplier", "SupplierList", "SupplierCreated", "NewSupplier"]),
    );
    expect(schemas.NewSupplier).toMatchObject({
      required: expect.arrayContaining(["name", "contactEmail"]),
    });
    const parameters = document.paths?.["/api/suppliers"]?.get?.parameters ?? [];
    expect(parameters).toEqual([expect.objectContaining({ name: "archived", in: "query" })]);
  });

  it("parse ?archived= as a boolean, and name a bad value", () => {
    expect(supplierListQuery.parse({})).toEqual({ archived: false });
    expect(supplierListQuery.parse({ archived: "true" })).toEqual({ archived: true });
    expect(supplierListQuery.safeParse({ archived: "yes" }).error?.issues[0]?.message).toBe(
      'must be "true" or "false"',
    );
  });
});
