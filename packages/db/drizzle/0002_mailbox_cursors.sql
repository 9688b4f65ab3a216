ALTER TYPE "public"."outbox_kind" ADD VALUE 'order_cancellation';--> statement-breakpoint
CREATE TABLE "mailbox_cursors" (
	"merchant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"address" text NOT NULL,
	"cursor" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailbox_cursors_merchant_id_provider_address_pk" PRIMARY KEY("merchant_id","provider","address")
);
--> statement-breakpoint
ALTER TABLE "mailbox_cursors" ADD CONSTRAINT "mailbox_cursors_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;