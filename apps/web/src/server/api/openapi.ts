import "server-only";
import { z } from "zod";
import { createDocument } from "zod-openapi";
import { orderListQuery } from "../order-list";
import { orderListJson } from "./orders-schema";
import {
  newSupplierBody,
  supplierCreatedResponse,
  supplierListQuery,
  supplierListResponse,
} from "./suppliers-schema";

const errorJson = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "invalid_query" }),
      message: z.string(),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: "One plain-language problem per invalid field, keyed by its path." }),
    }),
  })
  .meta({ id: "Error" });

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const errors = {
  "400": json(errorJson, "Invalid input: `error.fields` names each bad field."),
  "401": json(errorJson, "No session and no valid API token."),
};

/**
 * The JSON API's OpenAPI 3.1 document, generated from the same zod schemas the routes parse
 * their input with and whose output the tests check responses against.
 */
export function openApiDocument(origin: string) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "PO Pro API",
      version: "1",
      description:
        "A merchant's purchase orders and suppliers. Authenticate with the dashboard's session cookie or with an API token created in Settings, sent as `Authorization: Bearer popro_…`. Every answer is scoped to the token's merchant; another merchant's ids answer 404.",
    },
    servers: [{ url: origin }],
    components: {
      securitySchemes: {
        apiToken: { type: "http", scheme: "bearer", description: "An API token from Settings." },
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token" },
      },
    },
    security: [{ apiToken: [] }, { session: [] }],
    paths: {
      "/api/orders": {
        get: {
          summary: "List orders, most recently changed first (keyset pages)",
          requestParams: { query: orderListQuery },
          responses: { "200": json(orderListJson, "One page of orders."), ...errors },
        },
      },
      "/api/suppliers": {
        get: {
          summary: "List suppliers (active ones, or `?archived=true` for the archived)",
          requestParams: { query: supplierListQuery },
          responses: { "200": json(supplierListResponse, "The suppliers, by name."), ...errors },
        },
        post: {
          summary: "Add a supplier",
          requestBody: { content: { "application/json": { schema: newSupplierBody } } },
          responses: {
            "201": json(supplierCreatedResponse, "The supplier as stored."),
            ...errors,
            "409": json(errorJson, "The merchant already has a supplier at that domain."),
          },
        },
      },
      "/api/health": {
        get: {
          summary: "Liveness and database reachability",
          security: [],
          responses: {
            "200": { description: "The app reaches its database." },
            "503": { description: "The database is unreachable." },
          },
        },
      },
    },
  });
}
