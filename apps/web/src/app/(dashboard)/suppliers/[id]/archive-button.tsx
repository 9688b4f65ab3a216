"use client";

import { Archive, ArchiveRestore } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "../../../../components/ui/button";
import { archiveSupplierAction, restoreSupplierAction } from "../../../../server/actions/suppliers";

export function ArchiveButton({ supplierId, archived }: { supplierId: string; archived: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      type="button"
      variant="outline"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await (archived ? restoreSupplierAction : archiveSupplierAction)({
            supplierId,
          });
          if (!result.ok) {
            toast.error(result.message);
            return;
          }
          toast.success(archived ? "Restored: it is offered for new orders again." : "Archived.");
          router.refresh();
        })
      }
    >
      {archived ? <ArchiveRestore aria-hidden /> : <Archive aria-hidden />}
      {archived ? "Restore" : "Archive"}
    </Button>
  );
}
