CREATE TABLE "local_mail_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"mailbox_address" text NOT NULL,
	"folder" text NOT NULL,
	"thread_id" text NOT NULL,
	"message_id" text NOT NULL,
	"in_reply_to" text,
	"from_address" text NOT NULL,
	"to_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"raw" "bytea" NOT NULL,
	"idempotency_key" text,
	"sequence" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "local_mail_messages_merchant_idempotency_key_unique" UNIQUE("merchant_id","idempotency_key"),
	CONSTRAINT "local_mail_messages_folder_check" CHECK ("local_mail_messages"."folder" in ('inbox', 'sent'))
);
--> statement-breakpoint
ALTER TABLE "local_mail_messages" ADD CONSTRAINT "local_mail_messages_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "local_mail_messages_listing_idx" ON "local_mail_messages" USING btree ("merchant_id","mailbox_address","folder","sequence");--> statement-breakpoint
CREATE INDEX "local_mail_messages_reply_idx" ON "local_mail_messages" USING btree ("merchant_id","in_reply_to");