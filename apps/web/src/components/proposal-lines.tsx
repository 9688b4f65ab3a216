import type { OrderLine, SupplierProposal } from "@po-pro/db";
import { formatMoney } from "@po-pro/policy";
import { LINE_STATUS } from "./decision-words";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table";

type ProposedLine = NonNullable<SupplierProposal["lines"]>[number];

/** The supplier's line for an order line: by SKU, else by description. */
function proposedFor(line: OrderLine, proposal: SupplierProposal | null): ProposedLine | undefined {
  const lines = proposal?.lines ?? [];
  return (
    lines.find((p) => p.sku !== undefined && p.sku.toUpperCase() === line.sku.toUpperCase()) ??
    lines.find(
      (p) =>
        p.description !== undefined &&
        p.description.toLowerCase() === line.description.toLowerCase(),
    )
  );
}

/** Ordered versus proposed, line by line; a line the supplier did not mention stands as ordered. */
export function ProposalLines({
  lines,
  proposal,
  currency,
}: {
  lines: OrderLine[];
  proposal: SupplierProposal | null;
  currency: string;
}) {
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Item</TableHead>
          <TableHead className="text-right">Ordered</TableHead>
          {proposal !== null && <TableHead>Supplier proposes</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {lines.map((line) => {
          const proposed = proposedFor(line, proposal);
          const changed =
            proposed !== undefined &&
            (proposed.status !== "accepted" ||
              (proposed.unitPrice !== undefined && proposed.unitPrice !== line.unitPriceMinor) ||
              (proposed.quantity !== undefined && proposed.quantity !== line.quantity));
          return (
            <TableRow key={line.id}>
              <TableCell>
                <div className="font-medium">{line.sku}</div>
                <div className="text-muted-foreground">{line.description}</div>
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {line.quantity} × {money(line.unitPriceMinor)}
              </TableCell>
              {proposal !== null && (
                <TableCell className={changed ? "font-medium" : "text-muted-foreground"}>
                  {proposed === undefined ? (
                    "As ordered"
                  ) : (
                    <>
                      {LINE_STATUS[proposed.status] ?? proposed.status}
                      {proposed.quantity !== undefined &&
                        proposed.quantity !== line.quantity &&
                        ` · qty ${proposed.quantity}`}
                      {proposed.unitPrice !== undefined &&
                        proposed.unitPrice !== line.unitPriceMinor &&
                        ` · ${money(proposed.unitPrice)}`}
                      {proposed.substituteSku && ` · instead: ${proposed.substituteSku}`}
                      {proposed.availableDate && ` · available ${proposed.availableDate}`}
                    </>
                  )}
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
