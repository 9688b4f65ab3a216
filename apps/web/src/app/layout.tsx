import { browserPageConfig } from "@po-pro/observability/next";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Toaster } from "../components/ui/sonner";
import { webRelease } from "../release";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "PO Pro", template: "%s · PO Pro" },
  description: "Your purchase orders, the supplier replies and what the agent did about them.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const sentry = browserPageConfig({ ...process.env, SENTRY_RELEASE: webRelease(process.env) });
  return (
    <html lang="en">
      <head>
        <meta name={sentry.name} content={sentry.content} />
      </head>
      <body className="min-h-screen bg-background font-sans text-foreground antialiased">
        {children}
        <Toaster position="bottom-right" />
      </body>
    </html>
  );
}
