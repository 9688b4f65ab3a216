import type { OrderStatus } from "@po-pro/db";
import {
  createSearchParamsCache,
  parseAsArrayOf,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { ORDER_STATUSES } from "../../../components/order-status";

/** The orders list's URL state, parsed the same way by the page (server) and the filter bar. */
export const orderListParams = {
  status: parseAsArrayOf(parseAsStringLiteral<OrderStatus>(ORDER_STATUSES)).withDefault([]),
  q: parseAsString.withDefault(""),
  /** Keyset cursor: the last row of the previous page. */
  after: parseAsString,
};

export const orderListCache = createSearchParamsCache(orderListParams);
